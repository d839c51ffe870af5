/** Message worker process: `messages` queue -> twilio client -> MessageLog -> waiting activity. */
import { loadConfig } from '../infra/config.js';
import { createDb } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import { onShutdown } from '../infra/shutdown.js';
import { createTemporalClient } from '../infra/temporal.js';
import { createTwilioClient } from '../infra/twilio.js';
import { createMessageWorker } from '../outbound/message-worker.js';

const config = loadConfig();
const logger = createLogger('message-worker', config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL, { max: config.MESSAGE_WORKER_CONCURRENCY + 2 });
const temporal = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const twilio = createTwilioClient({
  accountSid: config.TWILIO_ACCOUNT_SID,
  authToken: config.TWILIO_AUTH_TOKEN,
  timeout: config.TWILIO_TIMEOUT_MS,
  maxSockets: config.MESSAGE_WORKER_CONCURRENCY * 2,
  // Sandbox mode: the real twilio client talks to the API's built-in Twilio-compatible endpoint.
  apiUrl: config.TWILIO_API_URL ?? (config.sandbox ? `${config.PUBLIC_URL}/sandbox/twilio` : undefined),
});

const messages = createMessageWorker({ config, db, twilio, temporal: temporal.client, logger });
logger.info(
  {
    queue: config.MESSAGE_QUEUE,
    ratePerSec: config.MESSAGE_RATE_PER_SEC || 'unlimited',
    concurrency: config.MESSAGE_WORKER_CONCURRENCY,
  },
  'message worker running',
);

onShutdown(logger, async () => {
  await messages.close();
  await Promise.allSettled([db.$disconnect(), temporal.connection.close()]);
});
