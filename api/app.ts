import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Client } from '@temporalio/client';
import type { TConfig } from '../server/config.js';
import type { Db } from '../server/db.js';
import type { Logger } from '../server/logger.js';
import type { DependencyCheck } from '../server/readiness.js';
import type { AppEnv } from './env.js';
import { handleError, handleNotFound } from './middleware/error-handler.js';
import { requestContext } from './middleware/request-context.js';
import { apiRoutes } from './routes/index.js';
import { healthRoutes } from './routes/health.js';
import { serveWebApp } from './static.js';

/** What the /api routes need; absent in tests that exercise only health and static serving. */
export interface ApiServices {
  config: TConfig;
  db: Db;
  temporal: Client;
}

export interface AppDeps {
  api?: ApiServices;
  logger: Logger;
  readinessChecks: readonly DependencyCheck[];
  readinessTimeoutMs: number;
  /** The built-in Twilio-compatible sandbox, mounted at /sandbox in sandbox mode only. */
  sandbox?: Hono;
  /** The built web app (`web/dist`), served at every path no API route answers. */
  webDistDir?: string;
}

/** Builds the Hono app from its dependencies; tests call it and drive it with `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(requestContext(deps.logger));
  app.use(secureHeaders());
  app.route('/', healthRoutes(deps.readinessChecks, deps.readinessTimeoutMs));
  if (deps.api) app.route('/api', apiRoutes(deps.api));
  if (deps.sandbox) app.route('/sandbox', deps.sandbox);
  // Last: the web app only answers what no API route did.
  if (deps.webDistDir) app.route('/', serveWebApp(deps.webDistDir));
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
