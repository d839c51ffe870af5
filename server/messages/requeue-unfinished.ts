import type { Queue } from 'bullmq';
import type { Db } from '../db.js';
import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';
import { z } from 'zod';
import { ZSendWindow } from '../../core/policy/send-window.js';
import { ZActivityRef, type TMessageJob } from './message-job.js';

/** MessageLog.sendWindow: the window and zone the workflow waited for. */
const ZStoredSendWindow = z.object({ window: ZSendWindow, timeZone: z.string().min(1).max(100) });

const PAGE = 500;

export interface RequeueDeps {
  db: Db;
  queue: Pick<Queue<TMessageJob>, 'add' | 'getJob'>;
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
export async function requeueUnfinished(deps: RequeueDeps, options: { queueName: string; olderThanMs: number }): Promise<number> {
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
        ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: PAGE,
    });
    for (const row of rows) {
      const job = await deps.queue.getJob(row.idempotencyKey);
      if (job && !(await job.isFailed())) continue;
      if (job) {
        await job.retry('failed');
      } else {
        const activity = ZActivityRef.safeParse(row.activity);
        const window = ZStoredSendWindow.safeParse(row.sendWindow);
        await deps.queue.add(
          'send',
          {
            idempotencyKey: row.idempotencyKey,
            workspaceId: row.workspaceId,
            to: row.phone,
            channel: row.channel,
            ...(row.body !== null ? { body: row.body } : {}),
            ...(row.contentSid !== null ? { contentSid: row.contentSid, contentVariables: (row.contentVariables ?? {}) as Record<string, string> } : {}),
            ...(activity.success ? { activity: activity.data } : {}),
            ...(window.success ? { sendWindow: window.data.window, timeZone: window.data.timeZone } : {}),
          },
          { jobId: row.idempotencyKey },
        );
      }
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
