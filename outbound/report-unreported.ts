import type { Db } from '../infra/db.js';
import type { MessageLog } from '../prisma/generated/client.js';
import { ZWaiter } from './message-job.js';
import { outcomeFromLog } from './outcome.js';
import { reportOutcome, type ReportDeps } from './report-outcome.js';

const PAGE = 500;

type TUnreported = Pick<
  MessageLog,
  | 'id'
  | 'idempotencyKey'
  | 'status'
  | 'twilioSid'
  | 'errorCode'
  | 'error'
  | 'attempts'
  | 'activity'
  | 'runId'
  | 'contactId'
  | 'nodeId'
  | 'afterSend'
  | 'updatedAt'
>;

/**
 * Tells the waiters of decided sends (sent, failed, suppressed, skipped) that were never
 * told: the message worker died between the send and its report while Redis lost the job
 * (a restart without persistence), so no re-run of the job would ever report it. Without
 * this the contact would wait for its 15-minute recheck (seen in chaos: a worker killed
 * the moment Twilio answered, then Redis restarted empty). Deferrals are left to that
 * recheck. Safe to repeat and from several workers: a waiter keeps the first outcome it
 * gets. Returns how many it told.
 */
export async function reportUnreported(
  deps: ReportDeps & { db: Db },
  options: { queueName: string; olderThanMs: number },
): Promise<number> {
  const before = new Date(Date.now() - options.olderThanMs);
  let told = 0;
  let after: { updatedAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await deps.db.sql.query<TUnreported>`
      SELECT "id", "idempotencyKey", "status", "twilioSid", "errorCode", "error", "attempts", "activity",
             "runId", "contactId", "nodeId", "afterSend", "updatedAt"
      FROM "MessageLog"
      WHERE "reportedAt" IS NULL AND "activity" IS NOT NULL AND "activity"->>'queue' = ${options.queueName}
        AND ("twilioSid" IS NOT NULL OR "status" IN ('failed', 'suppressed', 'skipped'))
        AND "updatedAt" < ${before}
        AND (${after?.updatedAt ?? null}::timestamptz IS NULL
             OR ("updatedAt", "id") > (${after?.updatedAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
      ORDER BY "updatedAt", "id"
      LIMIT ${PAGE}`;
    for (const row of rows) {
      const waiter = ZWaiter.safeParse(row.activity);
      if (!waiter.success) continue;
      await reportOutcome(deps, row, waiter.data, outcomeFromLog(row));
      told += 1;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = { updatedAt: last.updatedAt, id: last.id };
  }
  if (told > 0) deps.logger.warn({ told }, 'told waiters the outcome of sends they had not heard of');
  return told;
}
