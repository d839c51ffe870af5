import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.js';
import { queueSend, type TMessageQueue } from './message-job.js';

const PAGE = 500;

export interface RequeueDeps {
  db: Db;
  queue: Pick<TMessageQueue, 'add' | 'getJob'>;
  logger: Logger;
}

/**
 * Puts every unfinished send (pending, queued, sending) whose job is gone back on the
 * queue, rebuilt from its MessageLog row; a job that failed for good without finishing
 * its row (it stalled too often) is retried. Redis keeps nothing on disk here, so a Redis
 * restart loses every waiting job; the row is the durable record. Safe to run at any time
 * and from several workers: a job id is the row's key, so an existing job is left alone,
 * and the processor never sends a row twice. Returns how many jobs it (re)queued.
 */
export async function requeueUnfinished(
  deps: RequeueDeps,
  options: { queueName: string; olderThanMs: number },
): Promise<number> {
  const before = new Date(Date.now() - options.olderThanMs);
  let requeued = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await deps.db.messageLog.findMany({
      where: {
        status: { in: ['pending', 'queued', 'sending'] },
        // A row with a sid was sent: only its delivery status is still to come.
        twilioSid: null,
        activity: { path: ['queue'], equals: options.queueName },
        updatedAt: { lt: before },
        ...(after
          ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: PAGE,
    });
    for (const row of rows) {
      const job = await deps.queue.getJob(row.idempotencyKey);
      if (job && !(await job.isFailed())) continue;
      if (job) await job.retry('failed');
      else await queueSend(deps.queue, row);
      requeued += 1;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  if (requeued > 0) deps.logger.warn({ requeued }, 'unfinished sends put back on the queue');
  return requeued;
}

/**
 * Notices Redis losing its data: a marker key set once is gone after a restart with no
 * persistence. Returns true the first time it is called and whenever the marker vanished.
 */
export async function redisWasEmptied(redis: Redis, markerKey: string): Promise<boolean> {
  return (await redis.set(markerKey, String(Date.now()), 'NX')) === 'OK';
}
