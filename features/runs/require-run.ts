import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';

/** The 404 of every run route: another workspace's run looks exactly like a missing one. */
export const NO_SUCH_RUN = 'No such run.';

/**
 * The id of a run of the workspace. Checked before anything inside the run is read, so a
 * foreign run's contact ids reveal nothing.
 * @throws AppError not_found for another workspace's, a missing or a malformed id.
 */
export async function requireRun(db: Db, workspaceId: string, id: string): Promise<string> {
  const runId = ownedId(id, NO_SUCH_RUN);
  if (!(await db.run.findFirst({ where: { id: runId, workspaceId }, select: { id: true } })))
    throw new AppError('not_found', NO_SUCH_RUN);
  return runId;
}
