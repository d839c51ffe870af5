import { Hono } from 'hono';
import { temporalUiOf } from '../../infra/temporal-ui.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';

/**
 * `GET /config`: what the web app needs to know about this deployment: whether the
 * embedded Twilio sandbox stands in for Twilio (no account configured, as workers/api.ts
 * decides), so it shows the phone simulator, and where Temporal UI is, for its links.
 */
export function configRoutes({ config }: Pick<ApiServices, 'config'>) {
  return new Hono<AppEnv>().get('/', (c) => c.json({ sandbox: config.sandbox, temporalUi: temporalUiOf(config) }));
}
