import { Hono } from 'hono';
import { except } from 'hono/combine';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { requireAuth } from '../middleware/auth.js';
import { authRoutes } from './auth.js';
import { campaignRoutes } from './campaigns.js';
import { configRoutes } from './config.js';
import { exportRoutes } from './exports.js';
import { inboundRoutes } from './inbound.js';
import { journeyRoutes } from './journeys.js';
import { launchRoutes } from './launch.js';
import { meRoutes } from './me.js';
import { messageRoutes } from './messages.js';
import { replyOptionRoutes } from './reply-options.js';
import { runRoutes } from './runs.js';
import { templateRoutes } from './templates.js';
import { userRoutes } from './users.js';
import { workspaceRoutes } from './workspace.js';

/**
 * The only /api paths that answer without a session: sign-up/sign-in/sign-out, and Twilio's
 * webhooks, which prove themselves with X-Twilio-Signature instead. Everything else,
 * including routes added later and unknown paths, needs a session (bearer token or cookie). Full paths:
 * c.req.path is the whole request path, and createApp mounts this app at /api.
 */
const PUBLIC_PATHS = ['/api/auth/*', '/api/inbound', '/api/inbound/*', '/api/openapi.json', '/api/docs'];

/** Every /api route, one sub-app per resource. createApp mounts this at /api. */
export function apiRoutes(services: ApiServices) {
  const api = new Hono<AppEnv>();
  api.use('*', except(PUBLIC_PATHS, requireAuth(services.config, services.db)));

  // Public (see PUBLIC_PATHS).
  api.route('/auth', authRoutes(services));
  api.route('/inbound', inboundRoutes(services));

  // Session required: c.get('auth') is set.
  api.route('/me', meRoutes(services));
  api.route('/config', configRoutes(services));
  api.route('/journeys', journeyRoutes(services));
  api.route('/journeys', launchRoutes(services));
  api.route('/runs', runRoutes(services));
  api.route('/campaigns', campaignRoutes(services));
  api.route('/workspace', workspaceRoutes(services));
  api.route('/users', userRoutes(services));
  api.route('/messages', messageRoutes(services));
  api.route('/reply-options', replyOptionRoutes(services));
  api.route('/templates', templateRoutes(services));
  api.route('/', exportRoutes(services));
  return api;
}
