import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from '../infra/redis.js';
import { FairShareQueue, type FairShareOptions } from './fair-share-queue.js';

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
  /** Operator-set weights of workspaces in the fair share (FAIR_SHARE_WEIGHTS); unset, all equal. */
  fairShare?: Omit<FairShareOptions, 'connection'>;
}

/**
 * The `messages` queue every outbound message goes through, shared fairly between
 * workspaces (FairShareQueue): whoever queues a send, the API, the launcher or the sweep,
 * queues it with its workspace's priority.
 */
export function createMessageQueue<Data = unknown>(settings: QueueSettings): Queue<Data> {
  const queue = new FairShareQueue(
    settings.name,
    { connection: settings.connection, prefix: settings.prefix, defaultJobOptions: MESSAGE_JOB_OPTIONS },
    { connection: settings.connection, ...settings.fairShare },
  );
  // Its add and addBulk take any data (a job without a workspace is queued plainly).
  return queue as unknown as Queue<Data>;
}
