import type { Db } from '../../infra/db.js';
import { keepOneAdmin } from './keep-one-admin.js';
import { loadUser } from './load-user.js';
import { toUserView, type TUserView } from './user-view.js';

/**
 * Changes a teammate's role or name. The session reads the account on every request, so a
 * role change applies to sessions already open too.
 * @throws AppError not_found for another workspace's user; conflict when demoting the last admin.
 */
export async function updateUser(
  db: Db,
  workspaceId: string,
  id: string,
  input: { role?: 'admin' | 'member' | undefined; name?: string | undefined },
): Promise<TUserView> {
  const user = await loadUser(db, workspaceId, id);
  if (user.role === 'admin' && input.role === 'member') await keepOneAdmin(db, workspaceId, user.id);
  const updated = await db.user.update({
    where: { id: user.id },
    data: { ...(input.role ? { role: input.role } : {}), ...(input.name ? { name: input.name } : {}) },
  });
  return toUserView(updated);
}
