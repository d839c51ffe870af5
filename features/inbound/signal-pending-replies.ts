import type { Client } from '@temporalio/client';
import type { TChannel } from '../../core/journey/constants.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { signalReply } from './signal-reply.js';

/** The first retry of a reply comes this long after a failed try; each next one twice as late. */
const RETRY_BASE_MS = 5_000;
/** ...up to this: a Temporal outage of hours is retried every few minutes, not every few days. */
const RETRY_MAX_MS = 5 * 60_000;
const BATCH = 100;

type TPendingRow = {
  id: string;
  messageSid: string;
  from: string;
  to: string;
  channel: TChannel;
  body: string | null;
  payload: string | null;
  receivedAt: Date;
  signalAttempts: number;
};

/**
 * The reply outbox: signals the stored replies whose signalling failed (or whose webhook died
 * before it), oldest due first, until none is due. Each row is claimed by moving its
 * `nextSignalAt` past its backoff in the statement that picks it (`FOR UPDATE SKIP LOCKED`),
 * so several API processes sweeping at once never try the same row together, and a process
 * that dies mid-try leaves the row to be picked again once its backoff passes. Returns how
 * many replies were signalled.
 */
export async function signalPendingReplies(deps: { db: Db; temporal: Client; logger: Logger }): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await deps.db.sql.query<TPendingRow>`
      UPDATE "InboundMessage" i
      SET "signalAttempts" = i."signalAttempts" + 1,
          "nextSignalAt" = now() + LEAST(${RETRY_BASE_MS} * power(2, LEAST(i."signalAttempts", 20)), ${RETRY_MAX_MS}) * interval '1 millisecond'
      FROM (SELECT "id" FROM "InboundMessage"
            WHERE "signalledAt" IS NULL AND "nextSignalAt" <= now()
            ORDER BY "nextSignalAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) due
      WHERE i."id" = due."id"
      RETURNING i."id", i."messageSid", i."from", i."to", i."channel"::text AS "channel", i."body", i."payload",
                i."receivedAt", i."signalAttempts"`;
    let failed = 0;
    for (const row of rows) {
      try {
        await signalReply(deps, row);
        done += 1;
      } catch (error) {
        failed += 1;
        deps.logger.warn(
          { err: error, messageSid: row.messageSid, attempts: row.signalAttempts },
          'reply outbox: signalling failed again, retried later',
        );
      }
    }
    // A batch that failed throughout means Temporal is still away: wait for the next round.
    if (rows.length < BATCH || failed === rows.length) break;
  }
  if (done > 0) deps.logger.info({ signalled: done }, 'reply outbox: signalled replies that had been stored only');
  return done;
}

/** How often each API process runs the reply outbox. */
export const REPLY_OUTBOX_INTERVAL_MS = 5_000;

/**
 * Runs the reply outbox every `intervalMs` in this process until stopped, skipping a tick
 * while the round before it still runs. Returns the stop function, which waits for that round.
 */
export function startReplyOutbox(
  deps: { db: Db; temporal: Client; logger: Logger },
  intervalMs = REPLY_OUTBOX_INTERVAL_MS,
): () => Promise<void> {
  let round: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    round ??= signalPendingReplies(deps)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'reply outbox failed'))
      .finally(() => {
        round = undefined;
      });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await round;
  };
}
