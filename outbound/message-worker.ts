import type { Client } from '@temporalio/client';
import { Worker, type WorkerOptions } from 'bullmq';
import pLimit from 'p-limit';
import type { TConfig } from '../infra/config.js';
import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import type { TSendOutcome } from '../workflows/contract/index.js';
import { admittedSendsKey, createAdmittedSends } from './admitted-sends.js';
import type { TMessageJob } from './message-job.js';
import { redisWasEmptied, requeueUnfinished } from './requeue-unfinished.js';
import { reportUnreported } from './report-unreported.js';
import { createMessageJobProcessor } from './process-message-job.js';
import { sendLeaseMs } from './deliver-send.js';
import { createSendRateLimiter } from './send-rate-limiter.js';
import { sendSlotKey } from './sender-stats.js';
import { cancelWithdrawnSchedules } from './cancel-withdrawn-schedules.js';
import { createMessageQueue } from './message-queue.js';
import { createRedis, type Redis } from '../infra/redis.js';
import type { TwilioClient } from '../infra/twilio.js';

export type MessageWorkerConfig = Pick<
  TConfig,
  | 'REDIS_URL'
  | 'REDIS_PREFIX'
  | 'MESSAGE_QUEUE'
  | 'MESSAGE_RATE_PER_SEC'
  | 'FAIR_SHARE_WEIGHTS'
  | 'MESSAGE_WORKER_CONCURRENCY'
  | 'MESSAGE_REQUEUE_INTERVAL_MS'
  | 'TWILIO_TIMEOUT_MS'
  | 'TWILIO_SMS_FROM'
  | 'TWILIO_WHATSAPP_FROM'
  | 'PUBLIC_URL'
>;

export interface MessageWorkerDeps {
  config: MessageWorkerConfig;
  db: Db;
  twilio: TwilioClient;
  /** Completes the activities and signals the contacts that wait for sends. */
  temporal: Pick<Client, 'activity' | 'workflow'>;
  logger: Logger;
  overrides?: Partial<WorkerOptions>;
}

export interface MessageWorker {
  worker: Worker;
  /**
   * Re-queues unfinished sends whose job is gone and tells the waiters of decided sends that
   * were never told (answers how many it re-queued); runs on its own on a timer too.
   */
  requeue(olderThanMs?: number): Promise<number>;
  /**
   * Cancels at Twilio the scheduled sends withdrawn since (opted out, stopped): answers how
   * many; runs on its own with each sweep too (cancelWithdrawnSchedules).
   */
  cancelWithdrawn(): Promise<number>;
  close(): Promise<void>;
}

/** Jobs in progress per send slot: the others are telling Temporal their outcome. */
const REPORTS_PER_SEND_SLOT = 4;

/**
 * How long the send path must have left an unfinished send alone (since it queued or
 * attempted it) before the periodic sweep checks that it still has a live job.
 */
const STALE_SEND_MS = 5 * 60_000;

/**
 * Builds the message worker the same way for the process entry point, tests and benchmarks:
 * the BullMQ worker on the `messages` queue, the global send rate, and the sweep that
 * re-queues sends a Redis restart lost (at once when Redis comes back empty, and every
 * MESSAGE_REQUEUE_INTERVAL_MS for sends stuck longer than 5 minutes) and cancels at Twilio
 * the scheduled sends withdrawn since they were scheduled.
 */
export function createMessageWorker(deps: MessageWorkerDeps): MessageWorker {
  const { config, logger } = deps;
  const connections: Redis[] = [createRedis(config.REDIS_URL), createRedis(config.REDIS_URL)];
  const [workerRedis, commandRedis] = connections as [Redis, Redis];
  const queue = createMessageQueue<TMessageJob>({
    name: config.MESSAGE_QUEUE,
    prefix: config.REDIS_PREFIX,
    connection: commandRedis,
    // The sweep re-queues lost sends with their workspace's share, as the send path does.
    fairShare: { weights: config.FAIR_SHARE_WEIGHTS },
  });
  const limiter = createSendRateLimiter(commandRedis, {
    key: sendSlotKey(config),
    ratePerSecond: config.MESSAGE_RATE_PER_SEC,
  });
  const sendSlots = pLimit(config.MESSAGE_WORKER_CONCURRENCY);
  const worker = new Worker(
    config.MESSAGE_QUEUE,
    createMessageJobProcessor({
      db: deps.db,
      twilio: deps.twilio,
      temporal: deps.temporal,
      logger,
      sendSlot: (fn) => sendSlots(fn),
      from: { sms: config.TWILIO_SMS_FROM, whatsapp: config.TWILIO_WHATSAPP_FROM },
      statusCallbackUrl: `${config.PUBLIC_URL}/api/inbound/status`,
      limiter,
      twilioTimeoutMs: config.TWILIO_TIMEOUT_MS,
    }),
    {
      connection: workerRedis,
      prefix: config.REDIS_PREFIX,
      // Jobs past their send, reporting to Temporal, hold no send slot: a signal took 330 to
      // 475 ms during a 3,000-contact launch, and with the report inside the slot the sends
      // fell to 15-20/s. The report stays inside the job, so a job is complete only once
      // its waiter has been told (a worker that dies first leaves the job to run again).
      concurrency: config.MESSAGE_WORKER_CONCURRENCY * REPORTS_PER_SEND_SLOT,
      // A job whose worker died is run again (the processor never sends a row twice);
      // only after many such deaths does it fail, and then the sweep retries it.
      maxStalledCount: 10,
      ...deps.overrides,
    },
  );
  // Counted per workspace as they leave, for its admitted rate (GET /api/send-queue, /metrics).
  const admitted = createAdmittedSends(commandRedis, admittedSendsKey(config.REDIS_PREFIX, config.MESSAGE_QUEUE));
  worker.on('completed', (job, outcome: TSendOutcome | undefined) => {
    const workspaceId = (job.data as Partial<TMessageJob> | undefined)?.workspaceId;
    if (outcome?.status === 'sent' && workspaceId) admitted.record(workspaceId);
  });
  worker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed'),
  );
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));

  const requeue = async (olderThanMs = STALE_SEND_MS) => {
    const options = { queueName: config.MESSAGE_QUEUE, olderThanMs };
    const requeued = await requeueUnfinished(
      { db: deps.db, queue, logger },
      { ...options, settleMs: sendLeaseMs(config.TWILIO_TIMEOUT_MS) },
    );
    await reportUnreported({ db: deps.db, temporal: deps.temporal, logger }, options);
    return requeued;
  };
  const notCancelable = new Set<string>();
  const cancelWithdrawn = () => cancelWithdrawnSchedules({ db: deps.db, twilio: deps.twilio, logger, notCancelable });
  const markerKey = `${config.REDIS_PREFIX}:${config.MESSAGE_QUEUE}:alive`;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = Promise.all([
      (async () => {
        // First run after start, or Redis came back without its data: every waiting job may be gone.
        await requeue((await redisWasEmptied(commandRedis, markerKey)) ? 0 : STALE_SEND_MS);
      })().catch((error: unknown) => logger.warn({ err: error }, 'requeue sweep failed')),
      cancelWithdrawn().catch((error: unknown) => logger.warn({ err: error }, 'scheduled-send cancel sweep failed')),
    ]);
  };
  const timer = setInterval(() => void sweeping.then(sweep), config.MESSAGE_REQUEUE_INTERVAL_MS);
  timer.unref();
  sweep();

  return {
    worker,
    requeue,
    cancelWithdrawn,
    async close() {
      clearInterval(timer);
      await worker.close();
      await sweeping;
      await queue.close();
      await Promise.allSettled(connections.map((c) => c.quit()));
    },
  };
}
