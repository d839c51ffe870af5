import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { sendOutcomeSignal, type TSendOutcome } from '../workflows/contract/index.js';
import type { TWaiter } from './message-job.js';
import { mirrorContactEnd, type TMirrorRow } from './mirror-contact-end.js';

export interface ReportDeps {
  db: Db;
  /** Completes waiting activities and signals waiting contacts. */
  temporal: Pick<Client, 'activity' | 'workflow'>;
  logger: Logger;
}

/**
 * Hands a send's outcome to whoever waits for it: the activity to complete (version 1
 * contacts, campaigns), or the contact to signal (version 2 and 3), whose end right after
 * the send is mirrored first; a contact that handed the send off (version 3) only has its
 * end mirrored. A workflow that was stopped meanwhile no longer waits: that is
 * not an error of the send, so it is logged and the job still succeeds. The row then
 * records that its waiter was told (`reportedAt`).
 */
export async function reportOutcome(
  deps: ReportDeps,
  row: TMirrorRow & { idempotencyKey: string },
  waiter: TWaiter | undefined,
  outcome: TSendOutcome,
): Promise<TSendOutcome> {
  if (!waiter) return outcome;
  let told = false;
  try {
    if (waiter.kind === 'signal') {
      // A contact that handed its send off has ended: the mirrored end is all there is to
      // tell, so the row is marked told with it, in one statement.
      const mirrored = await mirrorContactEnd(
        deps.db,
        row,
        outcome,
        waiter.handedOff ? { reported: row.idempotencyKey } : {},
      );
      told = mirrored && waiter.handedOff === true;
      if (!waiter.handedOff)
        await deps.temporal.workflow
          .getHandle(waiter.workflowId, waiter.runId)
          .signal(sendOutcomeSignal, { idempotencyKey: row.idempotencyKey, outcome });
    } else {
      const { workflowId, runId, activityId } = waiter;
      await deps.temporal.activity.complete({ workflowId, runId, activityId }, outcome);
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError) && (error as Error).name !== 'ActivityNotFoundError') throw error;
    deps.logger.info({ workflowId: waiter.workflowId, key: row.idempotencyKey }, 'no longer waiting for this send');
  }
  // Last: a process that dies before this line leaves the row for the sweep to tell again
  // (reportUnreported); telling twice is harmless, the waiter keeps the first.
  if (!told)
    await deps.db.sql.execute`
    UPDATE "MessageLog" SET "reportedAt" = now() WHERE "idempotencyKey" = ${row.idempotencyKey} AND "reportedAt" IS NULL`;
  return outcome;
}
