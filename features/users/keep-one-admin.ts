import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';

/**
 * Refuses to let `userId` stop being an admin when nobody else in the workspace is one:
 * a workspace always keeps an admin, so nobody can lock the team out.
 * @throws AppError conflict for the last admin.
 */
export async function keepOneAdmin(db: Db, workspaceId: string, userId: string): Promise<void> {
  const admins = await db.user.count({ where: { workspaceId, role: 'admin', id: { not: userId } } });
  if (admins === 0)
    throw new AppError('conflict', 'A workspace needs at least one admin: make someone else admin first.');
}
