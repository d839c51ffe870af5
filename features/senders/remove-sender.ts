import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';

/**
 * Takes a sender out of the workspace's pool. Contacts that stuck to it get another of the
 * pool's senders with their next message (or the deployment's default sender when none is left).
 * @throws AppError not_found for another workspace's sender.
 */
export async function removeSender(db: Db, workspaceId: string, id: string): Promise<void> {
  const { count } = await db.workspaceSender.deleteMany({ where: { id: ownedId(id, 'No such sender.'), workspaceId } });
  if (count === 0) throw new AppError('not_found', 'No such sender.');
}
