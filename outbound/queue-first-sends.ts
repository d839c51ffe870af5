import type { Db } from '../infra/db.js';
import type { TFirstSend } from '../workflows/contract/index.js';
import { newSendRow } from './enqueue-send.js';
import { BULK_JOB_NAME } from './fair-share-queue.js';
import { messageJobFromRow, type TMessageQueue, type TSignalRef } from './message-job.js';

export interface TFirstSendOf {
  workflowId: string;
  first: TFirstSend;
}

/**
 * Records the first sends the launcher queues for a batch of contacts (planFirstSend), in
 * one statement, naming each contact's workflow as the one to signal with the outcome.
 * Called before the contacts start; `queueFirstSends` after, so no outcome can reach a
 * contact that is not running yet. Rows already there (a retried batch) are kept as they are.
 *
 * Plain SQL over column arrays, like the other statements each message runs (db.sql):
 * Prisma's createMany of a 500-contact batch binds 10,000 parameters one by one through its
 * client, which took about a tenth of the Temporal worker's main thread while a launch
 * started its contacts (bench:launch --profile).
 */
export async function recordFirstSends(
  db: Pick<Db, 'sql'>,
  waiter: Pick<TSignalRef, 'namespace' | 'queue'>,
  sends: readonly TFirstSendOf[],
): Promise<void> {
  if (sends.length === 0) return;
  const rows = sends.map(({ workflowId, first }) =>
    newSendRow(
      first.afterSend ? { ...first.send, afterSend: first.afterSend } : first.send,
      firstSendWaiter(waiter, workflowId, first),
    ),
  );
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  await db.sql.execute`
    INSERT INTO "MessageLog" ("idempotencyKey", "workspaceId", "runId", "contactId", "campaignId", "nodeId", "phone",
      "channel", "body", "contentSid", "contentVariables", "activity", "sendWindow", "afterSend", "isTest", "status")
    SELECT r.*, 'pending'::"MessageStatus"
    FROM unnest(
      ${column((r) => r.idempotencyKey)}::text[], ${column((r) => r.workspaceId)}::uuid[],
      ${column((r) => r.runId)}::uuid[], ${column((r) => r.contactId)}::uuid[], ${column((r) => r.campaignId)}::uuid[],
      ${column((r) => r.nodeId)}::text[], ${column((r) => r.phone)}::text[], ${column((r) => r.channel)}::"Channel"[],
      ${column((r) => r.body)}::text[], ${column((r) => r.contentSid)}::text[],
      ${column((r) => json(r.contentVariables))}::jsonb[], ${column((r) => json(r.activity))}::jsonb[],
      ${column((r) => json(r.sendWindow))}::jsonb[], ${column((r) => json(r.afterSend))}::jsonb[],
      ${column((r) => r.isTest === true)}::boolean[]
    ) AS r
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
}

/**
 * Queues the jobs of first sends recorded before: built from the same rows, under their
 * keys (a job still kept is not added twice, and a row with a sid is never sent again). A
 * crash before this leaves rows without jobs: the message worker's sweep queues them, and
 * each contact asks again after its recheck interval.
 */
export async function queueFirstSends(
  queue: Pick<TMessageQueue, 'addBulk'>,
  waiter: Pick<TSignalRef, 'namespace' | 'queue'>,
  sends: readonly TFirstSendOf[],
): Promise<void> {
  if (sends.length === 0) return;
  await queue.addBulk(
    sends.map(({ workflowId, first }) => {
      const row = newSendRow(first.send, firstSendWaiter(waiter, workflowId, first));
      const job = messageJobFromRow({
        ...row,
        contentVariables: row.contentVariables ?? null,
        sendWindow: row.sendWindow ?? null,
      });
      // Named as bulk: the fair share puts them behind their workspace's interactive sends.
      return { name: BULK_JOB_NAME, data: job, opts: { jobId: row.idempotencyKey } };
    }),
  );
}

/** Who hears of a first send's outcome: its contact's workflow, unless the contact handed the send off. */
function firstSendWaiter(
  waiter: Pick<TSignalRef, 'namespace' | 'queue'>,
  workflowId: string,
  first: TFirstSend,
): TSignalRef {
  return { kind: 'signal', workflowId, ...waiter, ...(first.handOff ? { handedOff: true as const } : {}) };
}
