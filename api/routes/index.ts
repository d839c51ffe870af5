import { except } from 'hono/combine';
import type { ApiServices } from '../app.js';
import { requireAuth } from '../middleware/auth.js';
import { apiDocument, registerComponents } from '../openapi/document.js';
import { createRouter } from '../openapi/router.js';
import { apiKeyRoutes } from './api-keys.js';
import { authRoutes } from './auth.js';
import { campaignRoutes } from './campaigns.js';
import { configRoutes } from './config.js';
import { contentRoutes } from './content.js';
import { docsRoutes } from './docs.js';
import { eventRoutes } from './events.js';
import { exportRoutes } from './exports.js';
import { inboundRoutes } from './inbound.js';
import { journeyRoutes } from './journeys.js';
import { launchRoutes } from './launch.js';
import { meRoutes } from './me.js';
import { messageRoutes } from './messages.js';
import { replyOptionRoutes } from './reply-options.js';
import { runRoutes } from './runs.js';
import { senderRoutes } from './senders.js';
import { templateRoutes } from './templates.js';
import { testSendRoutes } from './test-send.js';
import { userRoutes } from './users.js';
import { sendQueueRoutes } from './send-queue.js';
import { workspaceRoutes } from './workspace.js';

/**
 * The only /api paths that answer without a session: sign-up/sign-in/sign-out, Twilio's
 * webhooks, which prove themselves with X-Twilio-Signature instead, and the API's own
 * description. Everything else, including routes added later and unknown paths, needs a
 * session (bearer token or cookie). Full paths: c.req.path is the whole request path.
 */
const PUBLIC_PATHS = ['/api/auth/*', '/api/inbound', '/api/inbound/*', '/api/openapi.json', '/api/docs', '/api/docs/*'];

/**
 * Every /api route, one sub-app per resource, each route declared once with its schemas;
 * /api/openapi.json is generated from those declarations. createApp mounts this at the root.
 */
export function apiRoutes(services: ApiServices) {
  const api = createRouter().basePath('/api');
  api.use('*', except(PUBLIC_PATHS, requireAuth(services.config, services.db)));
  registerComponents(api);

  // In the order the reference lists them. Public (see PUBLIC_PATHS): auth, inbound, docs;
  // every other route needs a session, so c.get('auth') is set.
  api.route('/auth', authRoutes(services));
  api.route('/me', meRoutes(services));
  api.route('/config', configRoutes(services));
  api.route('/journeys', journeyRoutes(services));
  api.route('/journeys', launchRoutes(services));
  api.route('/journeys', testSendRoutes(services));
  api.route('/events', eventRoutes(services));
  api.route('/runs', runRoutes(services));
  api.route('/reply-options', replyOptionRoutes(services));
  api.route('/campaigns', campaignRoutes(services));
  api.route('/messages', messageRoutes(services));
  api.route('/', exportRoutes(services));
  api.route('/templates', templateRoutes(services));
  api.route('/content', contentRoutes(services));
  api.route('/workspace', workspaceRoutes(services));
  api.route('/send-queue', sendQueueRoutes(services));
  api.route('/workspace/api-keys', apiKeyRoutes(services));
  api.route('/workspace/senders', senderRoutes(services));
  api.route('/users', userRoutes(services));
  api.route('/inbound', inboundRoutes(services));

  // Generated on first request, once every route above is registered.
  let document: ReturnType<typeof apiDocument> | undefined;
  api.route(
    '/',
    docsRoutes(() => (document ??= apiDocument(api))),
  );
  return api;
}
