import { outcomeFromLog } from './outcome.js';
import { ZWaiter } from './message-job.js';
import { reportOutcome, type ReportDeps } from './report-outcome.js';

/**
 * A job the worker cannot take (it does not parse) whose send has a row: the row is failed
 * with the reason and its waiter told, so the contact or campaign ends instead of waiting
 * for a send that will never be made. A row already final keeps what it says.
 */
export async function failInvalidJob(deps: ReportDeps, data: unknown, reason: string): Promise<void> {
  const key =
    typeof data === 'object' && data !== null && 'idempotencyKey' in data && typeof data.idempotencyKey === 'string'
      ? data.idempotencyKey
      : undefined;
  if (!key) return;
  await deps.db.messageLog.updateMany({
    where: { idempotencyKey: key, twilioSid: null, status: { in: ['pending', 'queued', 'sending', 'deferred'] } },
    data: { status: 'failed', error: reason },
  });
  const row = await deps.db.messageLog.findUnique({ where: { idempotencyKey: key } });
  if (!row || row.reportedAt) return;
  const waiter = ZWaiter.safeParse(row.activity);
  await reportOutcome(deps, row, waiter.success ? waiter.data : undefined, outcomeFromLog(row));
}
