import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from './redis.js';

/**
 * The seed's retry policy: 3 retries with exponential backoff 2 s, 4 s, 8 s; completed jobs
 * kept 1 h / last 100, failed ones 24 h / last 1000.
 */
export const MESSAGE_JOB_OPTIONS = {
  attempts: 4,
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

/**
 * BullMQ's limiter is a fixed window: `{ max: 50, duration: 1000 }` lets up to twice the
 * limit through across a window edge. One job per `1000 / rate` ms spaces sends evenly,
 * so no sliding second ever holds more than the limit.
 */
export function messageRateLimiter(ratePerSecond: number): { max: number; duration: number } {
  return { max: 1, duration: Math.ceil(1_000 / ratePerSecond) };
}
