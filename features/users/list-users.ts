import type { Db } from '../../infra/db.js';
import { toUserView, type TUserView } from './user-view.js';

/** The people of a workspace, oldest account first. */
export async function listUsers(db: Db, workspaceId: string): Promise<{ items: TUserView[] }> {
  const users = await db.user.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return { items: users.map(toUserView) };
}
