import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { requireJsonBody } from '../middleware/require-json-body.js';
import { ZErrorBody } from '../schemas/common.js';
import type { TTag } from './tags.js';

/** How a caller proves itself: a session (the JWT as a Bearer token or the session cookie), Twilio's signature, or not at all. */
export type TAccess = 'session' | 'twilio' | 'public';

/** Error statuses a route lists itself; 401, 403 (CSRF), 413 and 429 are added where they apply. */
export type TErrorStatus = 400 | 401 | 403 | 404 | 409 | 415 | 502;

/** A route as declared beside its handler: createRoute's config with a tag, an access and its own errors. */
export type TApiRouteConfig = Omit<RouteConfig, 'tags' | 'security'> & {
  tag: TTag;
  access: TAccess;
  errors?: readonly TErrorStatus[];
};

// Either one: a session route takes the Bearer token or the web app's session cookie.
const SECURITY: Record<TAccess, RouteConfig['security']> = {
  session: [{ bearerAuth: [] }, { cookieAuth: [] }],
  twilio: [{ twilioSignature: [] }],
  public: [],
};

const TEXT_HEADER = z.string();

/** A session route that changes data: signed in by the cookie, it needs the web app's CSRF header. */
function needsWebClientHeader(route: TApiRouteConfig): boolean {
  return route.access === 'session' && route.method !== 'get';
}

/** The error statuses a route can answer: its own, plus those of auth, CSRF, body limits and rate limits. */
function errorStatuses(route: TApiRouteConfig): number[] {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.access === 'session') statuses.add(401);
  if (needsWebClientHeader(route)) statuses.add(403);
  if (route.request?.body) statuses.add(413);
  // Twilio's webhooks are the one exemption from rate limiting (api/middleware/rate-limit.ts).
  if (route.access !== 'twilio') statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

function forbiddenDescription(route: TApiRouteConfig): string {
  if (route.access === 'twilio') return '`invalid_signature`: X-Twilio-Signature is missing or does not match.';
  const reasons = [
    ...(route.errors?.includes(403) ? ['this needs the admin role'] : []),
    ...(needsWebClientHeader(route)
      ? ['signed in by the session cookie without `X-Requested-With: initucastt-web` (CSRF)']
      : []),
  ];
  return `\`forbidden\`: ${reasons.join('; or ')}.`;
}

function errorResponse(status: number, route: TApiRouteConfig) {
  const content = { 'application/json': { schema: ZErrorBody } };
  switch (status) {
    case 400:
      return { description: '`invalid_input`: `details` lists `{ path, message }` per problem.', content };
    case 401:
      return {
        description:
          route.access === 'session'
            ? '`unauthenticated`: no valid session token.'
            : '`unauthenticated`: wrong email or password.',
        content,
        headers: z.object({ 'WWW-Authenticate': TEXT_HEADER.meta({ example: 'Bearer error="invalid_token"' }) }),
      };
    case 403:
      return { description: forbiddenDescription(route), content };
    case 404:
      return { description: "`not_found`: no such resource in the caller's workspace.", content };
    case 409:
      return { description: '`conflict`: see the operation for when.', content };
    case 413:
      return { description: '`payload_too_large`: the body is over the limit.', content };
    case 415:
      return { description: '`unsupported_media_type`: send one of the request body media types.', content };
    case 429:
      return {
        description: '`rate_limited`: over a rate limit (see `details.scope`); try again after Retry-After.',
        content,
        headers: z.object({ 'Retry-After': TEXT_HEADER.describe('Seconds until a request may pass again.') }),
      };
    case 502:
      return {
        description:
          '`upstream_error`: a service we call (OpenAI, Twilio) failed or answered nonsense; nothing was stored.',
        content,
      };
    default:
      throw new Error(`no error response for ${status}`);
  }
}

/** True when zod-openapi validates the route's JSON body (a zod schema, not a hand-read body's JSON Schema). */
function hasValidatedJsonBody(route: TApiRouteConfig): boolean {
  const media = route.request?.body?.content['application/json'];
  const schema: unknown = media && 'schema' in media ? media.schema : undefined;
  return typeof schema === 'object' && schema !== null && 'safeParse' in schema;
}

/**
 * createRoute with what every /api route shares: its tag, the security it enforces, and its
 * error answers in the one error shape (`Error`), including those every route of its kind
 * can give (401 and CSRF 403 for sessions, 413 for bodies, 429 but for Twilio's webhooks).
 * A validated JSON body gets requireJsonBody after the route's own middleware (its tighter
 * body limit), so a body of another type is refused 415 in the one error shape.
 */
export function createApiRoute<const R extends TApiRouteConfig>(config: R): Omit<R, 'tag' | 'access' | 'errors'> {
  const { tag, access, errors: _errors, ...route } = config;
  const errors = Object.fromEntries(errorStatuses(config).map((status) => [status, errorResponse(status, config)]));
  const middleware = [route.middleware ?? []].flat();
  return createRoute({
    ...route,
    ...(hasValidatedJsonBody(config) ? { middleware: [...middleware, requireJsonBody] } : {}),
    tags: [tag],
    security: SECURITY[access],
    responses: { ...route.responses, ...errors },
  });
}

/** A JSON answer of `schema`, described for the reference. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body validated by `schema`; an absent body is validated as `{}`, so it fails as a missing field would. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}
