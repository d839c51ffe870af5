import type { Db } from '../../infra/db.js';
import { toJourneyView } from './journey-view.js';
import { loadJourney } from './load-journey.js';

/** A journey of the workspace with its problems. @throws AppError not_found for another workspace's. */
export async function getJourney(db: Db, workspaceId: string, id: string) {
  return toJourneyView(await loadJourney(db, workspaceId, id));
}
