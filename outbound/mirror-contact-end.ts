import { recordContactProgress } from '../features/runs/record-contact-progress.js';
import type { Db } from '../infra/db.js';
import type { MessageLog } from '../prisma/generated/client.js';
import { endAfterSend, type TAfterSend, type TSendOutcome } from '../workflows/contract/index.js';

export type TMirrorRow = Pick<MessageLog, 'runId' | 'contactId' | 'nodeId' | 'afterSend'>;

/**
 * Writes the end of a contact (version 2) that follows right after this send's outcome, as
 * the contact records it (endAfterSend): whoever learns the outcome first, the message
 * worker or a local activity asking again, writes it, and the contact does not. Safe to
 * repeat: a contact that has ended is not written again. With `reported` (the send's
 * idempotency key), the send's row is marked told in the same statement; answers whether
 * it was written, so a caller with no end to write marks the row itself.
 */
export async function mirrorContactEnd(
  db: Db,
  row: TMirrorRow,
  outcome: TSendOutcome,
  options: { reported?: string } = {},
): Promise<boolean> {
  if (!row.runId || !row.contactId || !row.nodeId) return false;
  const end = endAfterSend(row.nodeId, outcome, (row.afterSend ?? undefined) as TAfterSend | undefined);
  if (!end) return false;
  const at = new Date().toISOString();
  await recordContactProgress(
    db,
    {
      runId: row.runId,
      contactId: row.contactId,
      state: end.state,
      cursor: end.cursor,
      entries: end.entries.map((entry) => ({ at, ...entry })),
      ...(end.error ? { error: end.error } : {}),
    },
    options,
  );
  return true;
}
