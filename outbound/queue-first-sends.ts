import type { Db } from '../infra/db.js';
import type { TFirstSend } from '../workflows/contract/index.js';
import { newSendRow } from './enqueue-send.js';
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
 */
export async function recordFirstSends(
  db: Db,
  waiter: Pick<TSignalRef, 'namespace' | 'queue'>,
  sends: readonly TFirstSendOf[],
): Promise<void> {
  if (sends.length === 0) return;
  await db.messageLog.createMany({
    data: sends.map(({ workflowId, first }) => ({
      ...newSendRow(
        first.afterSend ? { ...first.send, afterSend: first.afterSend } : first.send,
        firstSendWaiter(waiter, workflowId, first),
      ),
      status: 'pending' as const,
    })),
    skipDuplicates: true,
  });
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
      return { name: 'send', data: job, opts: { jobId: row.idempotencyKey } };
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
