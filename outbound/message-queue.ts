import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from '../infra/redis.js';

/**
 * The seed's retry policy: 3 retries with exponential backoff 2 s, 4 s, 8 s; completed jobs
 * kept 1 h / last 100, failed ones 24 h / last 1000.
 */
export const MAX_SEND_ATTEMPTS = 4;

export const MESSAGE_JOB_OPTIONS = {
  attempts: MAX_SEND_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 100 },
  removeOnFail: { age: 86_400, count: 1_000 },
} as const satisfies JobsOptions;

export interface QueueSettings {
  name: string;
  prefix: string;
  connection: Redis;
}

/** The `messages` queue every outbound message goes through. */
export function createMessageQueue<Data = unknown>(settings: QueueSettings): Queue<Data> {
  return new Queue<Data>(settings.name, {
    connection: settings.connection,
    prefix: settings.prefix,
    defaultJobOptions: MESSAGE_JOB_OPTIONS,
  });
}
