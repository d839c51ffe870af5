import type { OpenAPIHono } from '@hono/zod-openapi';
import { ZJourneyEdge, ZJourneyGoal, ZJourneyNode } from '../../core/journey/schema.js';
import packageJson from '../../package.json' with { type: 'json' };
import type { AppEnv } from '../env.js';
import { jsonSchemaOf } from './hand-read-body.js';
import { TAGS } from './tags.js';

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

/**
 * Registers what the routes refer to but do not declare: the security schemes, and the
 * journey graph's node, edge and goal schemas, which describe what a launchable journey holds
 * (the builder's drafts are stored loosely). Call once, on the app that serves /api.
 */
export function registerComponents(api: OpenAPIHono<AppEnv>): void {
  const registry = api.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      "Either a session: the `token` of POST /api/auth/login or /api/auth/register (a JWT, valid 24 h); or an API key `ick_...` an admin created with POST /api/workspace/api-keys (valid until revoked; acts as its creator at the key's role at most). Requests are limited per credential (RATE_LIMIT_CREDENTIAL_PER_MIN).",
  });
  registry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'initucastt_session',
    description:
      'The session cookie POST /api/auth/login and /api/auth/register set (the same JWT). With it, POST, PUT, PATCH and DELETE also need `X-Requested-With: initucastt-web`.',
  });
  registry.registerComponent('securitySchemes', 'twilioSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Twilio-Signature',
    description:
      "Twilio's HMAC-SHA1 of the public URL (PUBLIC_URL + path + query) and the form parameters, keyed by TWILIO_AUTH_TOKEN.",
  });
  registry.registerComponent('schemas', 'JourneyNode', jsonSchemaOf(ZJourneyNode));
  registry.registerComponent('schemas', 'JourneyEdge', jsonSchemaOf(ZJourneyEdge));
  registry.registerComponent('schemas', 'JourneyGoal', jsonSchemaOf(ZJourneyGoal));
}

/** The OpenAPI 3.1 document of every route declared on `api` (and the sub-apps it mounts). */
export function apiDocument(api: OpenAPIHono<AppEnv>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'InituCastt API', version: packageJson.version, description: DESCRIPTION },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
}
