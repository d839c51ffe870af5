import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.js';
import { queueSend, type TMessageQueue } from './message-job.js';

const PAGE = 500;

/** Job states in which the job will still run: a send in one of them is not lost. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface RequeueDeps {
  db: Db;
  queue: Pick<TMessageQueue, 'add' | 'getJob'>;
  logger: Logger;
}

export interface RequeueOptions {
  queueName: string;
  /**
   * How long the send path must have left a send alone (since it was last queued or
   * attempted) before its job is looked for: spares rows whose job is about to be added.
   */
  olderThanMs: number;
  /**
   * How long after an attempt with an ambiguous answer (a `sending` row, its lease given
   * back) the message may still be missing from Twilio's list: such a send is left for a
   * later sweep, whose job then looks it up, rather than re-added now.
   */
  settleMs: number;
}

type TUnfinished = Parameters<typeof queueSend>[1] & { id: string; createdAt: Date };

/**
 * Puts every unfinished send (pending, queued, sending) that has no live job back on the
 * queue, rebuilt from its MessageLog row; a job that finished without finishing its row
 * (it failed for good: Postgres down longer than its retries, or stalled too often) is run
 * again. Redis keeps nothing on disk here, so a Redis restart loses every waiting job; the
 * row is the durable record. Safe to run at any time and from several workers: a job id is
 * the row's key, so an existing job is left alone, and the processor never sends a row twice.
 *
 * Never a send in flight: one whose lease is held (an attempt may be calling Twilio right
 * now), or whose ambiguous answer is too recent for Twilio to list the message. Their job
 * may be gone with Redis, but the attempt is not: re-adding it would send a second
 * message. They are found again by a later sweep, once the lease has lapsed or the answer
 * settled, and their job then looks the message up before sending anything.
 *
 * Rows not yet claimed are aged by when the send path last queued them, never by
 * `updatedAt`: an activity that retries (its own timeout, or while Postgres was down)
 * rewrites the row every minute or so without the send moving on, which kept such sends out
 * of the sweep for good. Returns how many jobs it (re)queued.
 */
export async function requeueUnfinished(deps: RequeueDeps, options: RequeueOptions): Promise<number> {
  let requeued = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await deps.db.sql.query<TUnfinished>`
      SELECT "id", "createdAt", "idempotencyKey", "workspaceId", "phone", "channel", "body", "contentSid",
             "contentVariables", "activity", "sendWindow"
      FROM "MessageLog"
      WHERE "status" IN ('pending', 'queued', 'sending')
        -- A row with a sid was sent: only its delivery status is still to come.
        AND "twilioSid" IS NULL
        AND "activity"->>'queue' = ${options.queueName}
        -- A claimed send (sending) had its job already: no add of the send path can be on its
        -- way, so it is looked at as soon as its lease and its answer allow, however recent.
        AND ("status" = 'sending'
             OR GREATEST("queuedAt", "lastAttemptAt") <= now() - ${options.olderThanMs} * interval '1 millisecond')
        AND ("leaseUntil" IS NULL OR "leaseUntil" <= now())
        AND NOT ("status" = 'sending' AND "lastAttemptAt" > now() - ${options.settleMs} * interval '1 millisecond')
        AND (${after?.createdAt ?? null}::timestamptz IS NULL
             OR ("createdAt", "id") > (${after?.createdAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
      ORDER BY "createdAt", "id"
      LIMIT ${PAGE}`;
    for (const row of rows) {
      if (await requeueOne(deps, row)) requeued += 1;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  if (requeued > 0) deps.logger.warn({ requeued }, 'unfinished sends put back on the queue');
  return requeued;
}

/** Puts one unfinished send back on the queue unless its job will still run; answers whether it did. */
async function requeueOne(deps: RequeueDeps, row: TUnfinished): Promise<boolean> {
  const job = await deps.queue.getJob(row.idempotencyKey);
  const state = job ? await job.getState() : 'unknown';
  if (LIVE_STATES.has(state)) return false;
  try {
    // A finished job keeps its id for a while (removeOnFail 24 h), and adding a job with that
    // id is a no-op: it is run again instead, with fresh attempts (the row counts Twilio's).
    if (job && (state === 'failed' || state === 'completed'))
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    else await queueSend(deps.queue, row);
  } catch (error) {
    // Another sweeper (or the job's own run) moved it first: it is live again either way.
    deps.logger.info({ key: row.idempotencyKey, state, err: (error as Error).message }, 'send already requeued');
    return false;
  }
  // The send path moved it on: the next sweeps age it from now.
  await deps.db.sql.execute`UPDATE "MessageLog" SET "queuedAt" = now() WHERE "id" = ${row.id}::uuid`;
  return true;
}

/**
 * Notices Redis losing its data: a marker key set once is gone after a restart with no
 * persistence. Returns true the first time it is called and whenever the marker vanished.
 */
export async function redisWasEmptied(redis: Redis, markerKey: string): Promise<boolean> {
  return (await redis.set(markerKey, String(Date.now()), 'NX')) === 'OK';
}
