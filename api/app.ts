import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { TConfig } from '../infra/config.js';
import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import type { TwilioClient } from '../infra/twilio.js';
import { cachedRead, createMetrics, type MetricsSources } from '../infra/metrics.js';
import type { ReadSenderStats } from '../features/senders/sender-view.js';
import { readSendQueue } from '../features/send-queue/read-send-queue.js';
import type { AdmittedSends } from '../outbound/admitted-sends.js';
import type { DependencyCheck } from '../infra/readiness.js';
import type { AppEnv } from './env.js';
import { limitBody } from './middleware/body-limit.js';
import { compressResponses } from './middleware/compress-responses.js';
import { handleError, handleNotFound } from './middleware/error-handler.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { rateLimit, type RateLimitOptions } from './middleware/rate-limit.js';
import { requestContext } from './middleware/request-context.js';
import { apiRoutes } from './routes/index.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { serveWebApp } from './static.js';

/** What the /api routes need; absent in tests that exercise only health and static serving. */
export interface ApiServices {
  config: TConfig;
  db: Db;
  temporal: Client;
  /** The twilio client on the real account: numbers a workspace claims must be on it. Unset in sandbox mode. */
  twilio?: TwilioClient | undefined;
  /** The twilio client that reads WhatsApp content templates: the account's, or the sandbox's in sandbox mode. */
  contentApi?: TwilioClient | undefined;
  /** The message workers' counts of sends that left (admitted rates); unset, rates read 0. */
  admitted?: Pick<AdmittedSends, 'rates'> | undefined;
  /** The message worker's per-sender counts (Redis), for the senders page; unset: not shown. */
  senderStats?: ReadSenderStats | undefined;
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
  /** Redis-backed limits on /api/*; workers/api.ts passes them from config, most tests leave them off. */
  rateLimit?: RateLimitOptions;
  /** Serves GET /metrics (database gauges from `api.db`); `token` is METRICS_TOKEN. */
  metrics?: Pick<MetricsSources, 'queue' | 'processMetrics' | 'collectTimeoutMs' | 'dbCountsTtlMs' | 'senders'> & {
    token?: string | undefined;
  };
}

/** MAX_BODY_BYTES' default, for apps built without the API's config. */
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The web app's policy: its own bundle only, no inline scripts. MUI's emotion injects
 * <style> elements, hence 'unsafe-inline' for styles (and only styles). A page that needs
 * another policy (the API reference, api/routes/docs.ts) sets its own Content-Security-Policy:
 * secureHeaders keeps a header the route already set.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

/** Headers a browser on an allowed origin may send and read (X-Requested-With: the web app's CSRF header). */
const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'X-Request-Id', 'X-Requested-With'];
const CORS_EXPOSE_HEADERS = [
  'X-Request-Id',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'WWW-Authenticate',
];

/** The send queue of every workspace, as /metrics reads it (at most once every 2 s). */
function sendQueueOf(api: ApiServices) {
  return cachedRead(2_000, () =>
    readSendQueue({ db: api.db, admitted: api.admitted, weights: api.config.FAIR_SHARE_WEIGHTS }),
  );
}

/** Builds the Hono app from its dependencies; tests call it and drive it with `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const metrics =
    deps.metrics &&
    createMetrics({
      ...deps.metrics,
      logger: deps.logger,
      ...(deps.api ? { db: deps.api.db, sendQueue: sendQueueOf(deps.api) } : {}),
    });
  app.use(requestContext(deps.logger));
  if (metrics) app.use(httpMetrics(metrics.httpDuration));
  // Wraps everything below, error answers included; leaves the web app's precompressed files as
  // they are. Not the sandbox's Twilio API: it stands in for Twilio's own servers, and each
  // message's answer (about 1 KiB) would cost a measuring copy and a gzip on the send path.
  app.use(compressResponses({ except: ['/sandbox/twilio/'] }));
  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, overwrite: false }));

  // No allowed origins: no CORS headers at all, so browsers allow same-origin calls only.
  const origins = new Set(deps.api?.config.CORS_ORIGINS ?? []);
  if (origins.size > 0) {
    app.use(
      '/api/*',
      cors({
        origin: (origin) => (origins.has(origin) ? origin : null),
        allowHeaders: CORS_ALLOW_HEADERS,
        exposeHeaders: CORS_EXPOSE_HEADERS,
        maxAge: 600,
      }),
    );
  }
  // After CORS, so preflights are answered without spending the budget.
  if (deps.rateLimit) app.use('/api/*', rateLimit(deps.rateLimit));
  app.use(limitBody(deps.api?.config.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES));

  app.route('/', healthRoutes(deps.readinessChecks, deps.readinessTimeoutMs));
  // In production only behind METRICS_TOKEN: /metrics is outside the rate limits, and each
  // scrape reads the queue and the database.
  const metricsOpenInProduction = deps.api?.config.NODE_ENV === 'production' && !deps.metrics?.token;
  if (metrics && metricsOpenInProduction)
    deps.logger.warn('GET /metrics is off: set METRICS_TOKEN to serve it in production');
  else if (metrics) app.route('/', metricsRoutes(metrics, deps.metrics?.token));
  // Every /api route, its OpenAPI document and reference page (the app carries its /api base path).
  if (deps.api) app.route('/', apiRoutes(deps.api));
  if (deps.sandbox) app.route('/sandbox', deps.sandbox);
  // Last: the web app only answers what no API route did.
  if (deps.webDistDir) app.route('/', serveWebApp(deps.webDistDir));
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
