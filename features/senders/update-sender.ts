import type { TSenderKind } from '../../core/senders/sender-rate.js';
import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { checkSender } from './check-sender.js';
import { toSenderView, type TSenderView } from './sender-view.js';

/**
 * Changes a sender's kind or rate (`ratePerSec: null` goes back to the kind's figure). The
 * message worker reads the pool with every send, so the change applies to the next one.
 * @throws AppError not_found for another workspace's sender; invalid_input as checkSender.
 */
export async function updateSender(
  db: Db,
  workspaceId: string,
  id: string,
  input: { kind?: TSenderKind | undefined; ratePerSec?: number | null | undefined },
): Promise<TSenderView> {
  const row = await db.workspaceSender.findFirst({ where: { id: ownedId(id, 'No such sender.'), workspaceId } });
  if (!row) throw new AppError('not_found', 'No such sender.');
  const next = {
    ...row,
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.ratePerSec !== undefined ? { ratePerSec: input.ratePerSec } : {}),
  };
  checkSender(next);
  const updated = await db.workspaceSender.update({
    where: { id: row.id },
    data: { kind: next.kind, ratePerSec: next.ratePerSec },
  });
  return toSenderView(updated);
}
