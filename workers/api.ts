/** API process: composition root that builds real dependencies and serves the Hono app. */
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { loadConfig } from '../infra/config.js';
import { createDb } from '../infra/db.js';
import { dependencyChecks } from '../infra/dependencies.js';
import { createLogger } from '../infra/logger.js';
import { admittedSendsKey, createAdmittedSends } from '../outbound/admitted-sends.js';
import { createMessageQueue } from '../outbound/message-queue.js';
import { createProbeRedis, createRedis } from '../infra/redis.js';
import { createSenderStatsReader } from '../outbound/sender-stats.js';
import { onShutdown } from '../infra/shutdown.js';
import { createTemporalClient } from '../infra/temporal.js';
import { createTwilioClient } from '../infra/twilio.js';
import { createApp } from '../api/app.js';
import { sandboxWorkspaceOf } from '../api/sandbox-session.js';
import { rateLimitsOf } from '../api/middleware/rate-limit.js';
import { authenticateApiKey } from '../features/api-keys/authenticate-api-key.js';
import { createSandbox } from '../sandbox/index.js';
import { startReplyOutbox } from '../features/inbound/signal-pending-replies.js';

const config = loadConfig();
const logger = createLogger('api', config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL);
const redis = createProbeRedis(config.REDIS_URL);
redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
const temporal = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
// The rate limiter's own connection: no offline queue and a short command timeout, so while
// Redis is down or slow a request fails open at once instead of waiting for a reconnect.
const limiterRedis = createRedis(config.REDIS_URL, {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 1_000,
});
limiterRedis.on('error', (error) => logger.debug({ err: error }, 'rate limiter redis connection error'));
// Read by /metrics and GET /api/send-queue only (job counts, admitted rates); the workers own the queue's jobs.
const queueRedis = createRedis(config.REDIS_URL);
queueRedis.on('error', (error) => logger.debug({ err: error }, 'metrics redis connection error'));
const messageQueue = createMessageQueue({
  name: config.MESSAGE_QUEUE,
  prefix: config.REDIS_PREFIX,
  connection: queueRedis,
});

// Sandbox mode (no Twilio account configured): this process also plays Twilio.
const sandbox = config.sandbox
  ? createSandbox({
      db,
      logger,
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      publicUrl: config.PUBLIC_URL,
      workspaceOf: sandboxWorkspaceOf(config, db),
    })
  : undefined;

// With a real Twilio account, the numbers a workspace claims are looked up on it.
const twilio = config.sandbox
  ? undefined
  : createTwilioClient({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      ...(config.TWILIO_API_URL ? { apiUrl: config.TWILIO_API_URL } : {}),
      timeout: config.TWILIO_TIMEOUT_MS,
    });

// What the message workers' limiter counts per sender, read from Redis for the senders page and /metrics.
const senderStats = createSenderStatsReader({
  db,
  redis: queueRedis,
  config,
  defaultSenders: [config.TWILIO_SMS_FROM, config.TWILIO_WHATSAPP_FROM],
});

// Content templates are read from the account, or from the sandbox's Content API in sandbox mode.
const contentApi =
  twilio ??
  createTwilioClient({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    apiUrl: config.TWILIO_API_URL ?? `${config.PUBLIC_URL}/sandbox/twilio`,
    timeout: config.TWILIO_TIMEOUT_MS,
  });

const app = createApp({
  api: {
    config,
    db,
    temporal: temporal.client,
    twilio,
    contentApi,
    senderStats: senderStats.forAddresses,
    admitted: createAdmittedSends(queueRedis, admittedSendsKey(config.REDIS_PREFIX, config.MESSAGE_QUEUE)),
  },
  webDistDir: fileURLToPath(new URL('../web/dist', import.meta.url)),
  ...(sandbox ? { sandbox: sandbox.app } : {}),
  logger,
  readinessChecks: dependencyChecks({
    db,
    redis,
    temporal: temporal.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    timeoutMs: config.READINESS_TIMEOUT_MS,
  }),
  readinessTimeoutMs: config.READINESS_TIMEOUT_MS,
  rateLimit: {
    redis: limiterRedis,
    prefix: config.REDIS_PREFIX,
    ...rateLimitsOf(config),
    tokenConfig: config,
    findApiKey: (token) => authenticateApiKey(db, token),
    trustProxy: config.TRUST_PROXY,
  },
  metrics: { queue: messageQueue, token: config.METRICS_TOKEN, processMetrics: true, senders: senderStats.all },
});

// Replies the webhook stored but could not signal (Temporal away) are signalled from here.
const stopReplyOutbox = startReplyOutbox({ db, temporal: temporal.client, logger });

const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  logger.info({ url: `http://${info.address}:${info.port}`, sandbox: config.sandbox }, 'api listening');
  // Sandbox mode is the default without a Twilio account: right for a demo, a silent
  // failure for a deployment that lost its credentials. Said loudly where that matters.
  if (config.sandbox && config.NODE_ENV === 'production') {
    logger.warn(
      "sandbox mode: TWILIO_ACCOUNT_SID is not set, so messages go to the built-in sandbox, not to phones (its simulator serves signed-in users, each their own workspace's phones)",
    );
  }
});

onShutdown(logger, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stopReplyOutbox();
  sandbox?.close();
  await messageQueue.close().catch(() => undefined);
  await Promise.allSettled([
    db.$disconnect(),
    redis.quit(),
    limiterRedis.quit(),
    queueRedis.quit(),
    temporal.connection.close(),
  ]);
});
