import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { toUserView, type TUserView } from './user-view.js';

/**
 * The signed-in user and their workspace, read fresh from the database.
 * @throws AppError unauthenticated when the account no longer exists: a valid token for a
 *   deleted account is a session that no longer exists.
 */
export async function getMe(
  db: Db,
  session: { userId: string; workspaceId: string },
): Promise<{ user: TUserView; workspace: { id: string; name: string } }> {
  const user = await db.user.findFirst({
    where: { id: session.userId, workspaceId: session.workspaceId },
    include: { workspace: true },
  });
  if (!user) throw new AppError('unauthenticated', 'Authentication required: account no longer exists.');
  return { user: toUserView(user), workspace: { id: user.workspace.id, name: user.workspace.name } };
}
