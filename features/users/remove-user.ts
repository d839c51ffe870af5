import type { Db } from '../../infra/db.js';
import { keepOneAdmin } from './keep-one-admin.js';
import { loadUser } from './load-user.js';

/**
 * Removes a teammate; what they authored (journeys, campaigns, runs, templates) passes to
 * `heirId`, the admin removing them, so nothing of the workspace's goes with them.
 * @throws AppError not_found for another workspace's user; conflict when removing the last admin.
 */
export async function removeUser(db: Db, workspaceId: string, id: string, heirId: string): Promise<void> {
  const user = await loadUser(db, workspaceId, id);
  if (user.role === 'admin') await keepOneAdmin(db, workspaceId, user.id);
  await db.$transaction([
    db.journey.updateMany({ where: { userId: user.id }, data: { userId: heirId } }),
    db.campaign.updateMany({ where: { userId: user.id }, data: { userId: heirId } }),
    db.run.updateMany({ where: { userId: user.id }, data: { userId: heirId } }),
    db.template.updateMany({ where: { userId: user.id }, data: { userId: heirId } }),
    db.user.delete({ where: { id: user.id } }),
  ]);
}
