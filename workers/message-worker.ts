/** Message worker process: `messages` queue -> twilio client -> MessageLog -> waiting activity. */
import { Worker } from 'bullmq';
import { loadConfig } from '../server/config.js';
import { createDb } from '../server/db.js';
import { createLogger } from '../server/logger.js';
import { createSendMessageJob } from '../server/messages/send-message-job.js';
import { messageRateLimiter } from '../server/queues.js';
import { createRedis } from '../server/redis.js';
import { onShutdown } from '../server/shutdown.js';
import { createTemporalClient } from '../server/temporal.js';
import { createTwilioClient } from '../server/twilio.js';

const config = loadConfig();
const logger = createLogger('message-worker', config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL, { max: config.MESSAGE_WORKER_CONCURRENCY + 2 });
const temporal = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const twilio = createTwilioClient({
  accountSid: config.TWILIO_ACCOUNT_SID,
  authToken: config.TWILIO_AUTH_TOKEN,
  // Sandbox mode: the real twilio client talks to the API's built-in Twilio-compatible endpoint.
  apiUrl: config.TWILIO_API_URL ?? (config.sandbox ? `${config.PUBLIC_URL}/sandbox/twilio` : undefined),
});

const worker = new Worker(
  config.MESSAGE_QUEUE,
  createSendMessageJob({
    db,
    twilio,
    completion: temporal.client.activity,
    logger,
    from: { sms: config.TWILIO_SMS_FROM, whatsapp: config.TWILIO_WHATSAPP_FROM },
    statusCallbackUrl: `${config.PUBLIC_URL}/api/inbound/status`,
  }),
  {
    connection: createRedis(config.REDIS_URL),
    prefix: config.REDIS_PREFIX,
    concurrency: config.MESSAGE_WORKER_CONCURRENCY,
    limiter: messageRateLimiter(config.MESSAGE_RATE_PER_SEC),
  },
);
worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed'));
worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
logger.info({ queue: config.MESSAGE_QUEUE, ratePerSec: config.MESSAGE_RATE_PER_SEC, concurrency: config.MESSAGE_WORKER_CONCURRENCY }, 'message worker running');

onShutdown(logger, async () => {
  await worker.close();
  await Promise.allSettled([db.$disconnect(), temporal.connection.close()]);
});
