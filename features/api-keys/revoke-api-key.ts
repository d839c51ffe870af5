import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';

const NOT_FOUND = 'No such API key.';

/**
 * Revokes a key by deleting it: every request checks its key in the database, so the next
 * one with it is refused (401).
 * @throws AppError not_found for another workspace's, a missing or a malformed id.
 */
export async function revokeApiKey(db: Db, workspaceId: string, id: string): Promise<void> {
  const { count } = await db.apiKey.deleteMany({ where: { id: ownedId(id, NOT_FOUND), workspaceId } });
  if (count === 0) throw new AppError('not_found', NOT_FOUND);
}
