import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { requireRun } from '../runs/require-run.js';

/**
 * Checks that a message filter's run and campaign are the workspace's. Another workspace's
 * run or campaign is the same 404 as a missing one, so a filter cannot probe ids.
 * @throws AppError not_found for a run or campaign that is not the workspace's.
 */
export async function requireMessageScope(
  db: Db,
  workspaceId: string,
  filter: { runId?: string | undefined; campaignId?: string | undefined },
): Promise<void> {
  if (filter.runId) await requireRun(db, workspaceId, filter.runId);
  if (
    filter.campaignId &&
    !(await db.campaign.findFirst({ where: { id: filter.campaignId, workspaceId }, select: { id: true } }))
  ) {
    throw new AppError('not_found', 'No such campaign.');
  }
}
