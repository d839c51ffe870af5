import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
  type oas31,
} from 'zod-openapi';
import { ZSendPolicyLayer } from '../../core/index.js';
import { ZJourneyEdge, ZJourneyNode } from '../../core/journey/schema.js';
import { ZProblem } from '../../core/journey/problems.js';
import packageJson from '../../package.json' with { type: 'json' };
import { ZErrorBody } from './common.js';
import type { TApiOperation, TTag } from './operation.js';
import { API_OPERATIONS } from './registry.js';

// Either one: a session route takes the Bearer token or the web app's session cookie.
const SECURITY: Record<TApiOperation['security'], oas31.SecurityRequirementObject[]> = {
  bearer: [{ bearerAuth: [] }, { cookieAuth: [] }],
  twilio: [{ twilioSignature: [] }],
  public: [],
};

const TAGS: Record<TTag, string> = {
  Auth: 'Sign-up, sign-in, sign-out and the signed-in user.',
  Config: 'What the web app needs to know about this deployment.',
  Journeys: 'Journey graphs of the workspace, and launching them against an audience.',
  Runs: 'Launches of a journey: progress, contacts and their paths.',
  Campaigns: 'One message to a whole list.',
  Messages: 'The outbound message log with delivery status.',
  Exports: 'CSV downloads.',
  Templates: 'WhatsApp templates and checks against WhatsApp policy.',
  Workspace: 'Send policy and sender numbers of the workspace.',
  Users: 'The people of the workspace and their roles.',
  Webhooks: 'Called by Twilio, signed with X-Twilio-Signature.',
  Docs: 'This document and its reference page.',
};

const DESCRIPTION = `WhatsApp/SMS journeys, campaigns and templates.

- **Auth**: \`POST /api/auth/login\` answers a JWT; send it as \`Authorization: Bearer <token>\` (valid 24 h).
  It also sets it as the HttpOnly cookie \`initucastt_session\` (SameSite=Strict), the web app's session: the Bearer
  header wins when both are sent. A cookie-authenticated POST, PUT, PATCH or DELETE must send
  \`X-Requested-With: initucastt-web\`, or it is refused 403 (CSRF). \`POST /api/auth/logout\` clears the cookie.
  Twilio's webhooks prove themselves with \`X-Twilio-Signature\` instead.
- **Errors** always have the shape \`{ "error": { "code", "message", "details"? } }\` (schema \`Error\`).
- **Rate limits** (when enabled) are per client and fixed 15-minute windows: sign-in and sign-up have a small budget
  of their own, every other /api route but the webhooks shares the API budget. Requests signed in by a valid session
  cookie spend a larger budget of their user's instead (the web app's dashboards poll). Limited answers carry
  \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; a 429 also \`Retry-After\`.
- **Lists** are keyset-paginated: pass \`nextCursor\` back as \`cursor\` until it is null.
- Another workspace's resource answers 404, like a missing one.`;

const TEXT_HEADER = z.string();

function errorResponse(status: number, op: TApiOperation): ZodOpenApiResponseObject {
  const content = { 'application/json': { schema: ZErrorBody } };
  switch (status) {
    case 400:
      return { description: '`invalid_input`: `details` lists `{ path, message }` per problem.', content };
    case 401:
      return {
        description:
          op.security === 'bearer'
            ? '`unauthenticated`: no valid session token.'
            : '`unauthenticated`: wrong email or password.',
        content,
        headers: z.object({ 'WWW-Authenticate': TEXT_HEADER.meta({ example: 'Bearer error="invalid_token"' }) }),
      };
    case 403:
      return { description: forbiddenDescription(op), content };
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
        description: '`rate_limited`: over the budget for this 15-minute window.',
        content,
        headers: z.object({ 'Retry-After': TEXT_HEADER.describe('Seconds until the window resets.') }),
      };
    case 502:
      return { description: '`upstream_error`: OpenAI failed or answered nonsense; nothing was stored.', content };
    default:
      throw new Error(`no error response for ${status}`);
  }
}

/** A session route that changes data: signed in by the cookie, it needs the web app's CSRF header. */
function needsWebClientHeader(op: TApiOperation): boolean {
  return op.security === 'bearer' && op.method !== 'get';
}

function forbiddenDescription(op: TApiOperation): string {
  if (op.security === 'twilio') return '`invalid_signature`: X-Twilio-Signature is missing or does not match.';
  const reasons = [
    ...(op.errors?.includes(403) ? ['this needs the admin role'] : []),
    ...(needsWebClientHeader(op)
      ? ['signed in by the session cookie without `X-Requested-With: initucastt-web` (CSRF)']
      : []),
  ];
  return `\`forbidden\`: ${reasons.join('; or ')}.`;
}

/** The error statuses an operation can answer: its own, plus those of auth, CSRF, body limits and rate limits. */
export function errorStatuses(op: TApiOperation): number[] {
  const statuses = new Set<number>(op.errors ?? []);
  if (op.security === 'bearer') statuses.add(401);
  if (needsWebClientHeader(op)) statuses.add(403);
  if (op.request?.body) statuses.add(413);
  // Twilio's webhooks are the one exemption from rate limiting (api/middleware/rate-limit.ts).
  if (op.security !== 'twilio') statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

function toOperation(op: TApiOperation): ZodOpenApiOperationObject {
  const { request } = op;
  const successes = [op.success, ...(op.otherSuccesses ?? [])].sort((a, b) => a.status - b.status);
  const responses: ZodOpenApiResponsesObject = {
    ...Object.fromEntries(
      successes.map((success) => [
        `${success.status}`,
        {
          description: success.description,
          ...(success.content ? { content: mediaTypes(success.content) } : {}),
          ...(success.headers ? { headers: success.headers } : {}),
        },
      ]),
    ),
    ...Object.fromEntries(errorStatuses(op).map((status) => [`${status}`, errorResponse(status, op)])),
  };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: SECURITY[op.security],
    ...(request?.path || request?.query
      ? {
          requestParams: {
            ...(request.path ? { path: request.path } : {}),
            ...(request.query ? { query: request.query } : {}),
          },
        }
      : {}),
    ...(request?.body ? { requestBody: { required: true, content: mediaTypes(request.body) } } : {}),
    responses,
  };
}

function mediaTypes(content: Readonly<Record<string, z.ZodType>>) {
  return Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }]));
}

/**
 * The OpenAPI 3.1 document of `operations` (every /api route by default). zod-openapi
 * renders request schemas as their input and response schemas as their output.
 */
export function buildOpenApiDocument(operations: readonly TApiOperation[] = API_OPERATIONS): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is registered twice`);
    item[op.method] = toOperation(op);
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'InituCastt API', version: packageJson.version, description: DESCRIPTION },
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      paths,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'The `token` of POST /api/auth/login or /api/auth/register.',
          },
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'initucastt_session',
            description:
              'The session cookie POST /api/auth/login and /api/auth/register set (the same JWT). With it, POST, PUT, PATCH and DELETE also need `X-Requested-With: initucastt-web`.',
          },
          twilioSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Twilio-Signature',
            description:
              "Twilio's HMAC-SHA1 of the public URL (PUBLIC_URL + path + query) and the form parameters, keyed by TWILIO_AUTH_TOKEN.",
          },
        },
        // Named here so every use becomes a $ref; JourneyNode and JourneyEdge describe what a launchable journey holds.
        schemas: {
          SendPolicyLayer: ZSendPolicyLayer,
          Problem: ZProblem,
          JourneyNode: ZJourneyNode.meta({ unusedIO: 'input' }),
          JourneyEdge: ZJourneyEdge.meta({ unusedIO: 'input' }),
        },
      },
    },
    {
      override: ({ jsonSchema }) => {
        // A format says what the generated regex says, legibly.
        if (typeof jsonSchema.format === 'string' && ['date-time', 'uuid', 'email'].includes(jsonSchema.format))
          delete jsonSchema.pattern;
        // z.int() bounds every integer to the safe range: true of any JSON integer we send, noise in a reference.
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    },
  );
}
