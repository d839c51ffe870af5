import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { isId } from '../../infra/owned-id.js';
import { loadJourney } from './load-journey.js';

/**
 * Deletes a journey with its runs, unless a run is still queued or running: deleting would
 * cascade to the rows its workflows write to.
 * @throws AppError not_found for another workspace's journey; conflict while a run is in flight.
 */
export async function deleteJourney(db: Db, workspaceId: string, id: string): Promise<void> {
  const { count } = isId(id)
    ? await db.journey.deleteMany({
        where: { id, workspaceId, runs: { none: { status: { in: ['queued', 'running'] } } } },
      })
    : { count: 0 };
  if (count > 0) return;
  // Nothing deleted: either it is not the workspace's (404) or a run is in flight (409).
  await loadJourney(db, workspaceId, id);
  throw new AppError('conflict', 'The journey has runs in progress: stop them, or archive the journey instead.');
}
