import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';

const NOT_FOUND = 'No such user.';

/** A user of the workspace; another workspace's, a missing and a malformed id are all the same 404. */
export async function loadUser(db: Db, workspaceId: string, id: string) {
  const user = await db.user.findFirst({ where: { id: ownedId(id, NOT_FOUND), workspaceId } });
  if (!user) throw new AppError('not_found', NOT_FOUND);
  return user;
}
