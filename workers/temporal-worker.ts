/** Temporal worker process: runs the journey workflows and their activities. */
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { intentClassifierFrom } from '../features/reply-intent/index.js';
import { loadConfig } from '../infra/config.js';
import { createDb } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import type { TMessageJob } from '../outbound/message-job.js';
import { createMessageQueue } from '../outbound/message-queue.js';
import { createRedis } from '../infra/redis.js';
import { createTemporalWorker } from './create-temporal-worker.js';

const config = loadConfig();
const logger = createLogger('temporal-worker', config.LOG_LEVEL);

// The SDK installs its own SIGINT/SIGTERM handlers: a signal drains in-flight tasks, then run() resolves.
Runtime.install({
  logger: {
    log: (level, message, meta) =>
      logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')](
        { ...meta },
        message,
      ),
    trace: (message, meta) => logger.trace({ ...meta }, message),
    debug: (message, meta) => logger.debug({ ...meta }, message),
    info: (message, meta) => logger.info({ ...meta }, message),
    warn: (message, meta) => logger.warn({ ...meta }, message),
    error: (message, meta) => logger.error({ ...meta }, message),
  },
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
});

const db = createDb(config.DATABASE_URL);
const queueConnection = createRedis(config.REDIS_URL);
const queue = createMessageQueue<TMessageJob>({
  name: config.MESSAGE_QUEUE,
  prefix: config.REDIS_PREFIX,
  connection: queueConnection,
  fairShare: { weights: config.FAIR_SHARE_WEIGHTS },
});
const intentClassifier = intentClassifierFrom(config);
const { worker, connection } = await createTemporalWorker({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  // The launcher's activities start and signal contact workflows through the worker's own connection.
  activities: (client) =>
    createActivities({
      db,
      queue,
      namespace: config.TEMPORAL_NAMESPACE,
      temporal: client,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      intentClassifier,
      weights: config.FAIR_SHARE_WEIGHTS,
    }),
  overrides: { maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS },
});
logger.info(
  {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    address: config.TEMPORAL_ADDRESS,
    maxCachedWorkflows: worker.options.maxCachedWorkflows,
  },
  'temporal worker running',
);

try {
  await worker.run();
} finally {
  await Promise.allSettled([connection.close(), db.$disconnect(), queue.close()]);
  queueConnection.disconnect();
  logger.info('temporal worker stopped');
}
