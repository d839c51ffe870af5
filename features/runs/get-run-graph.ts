import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { storedAs } from '../../infra/stored-json.js';
import type { TJourneyGoal } from '../../core/journey/goal.js';
import type { TGraphItems } from '../journeys/journey-view.js';
import { NO_SUCH_RUN } from './require-run.js';

/**
 * The journey graph a run walks, and its goal: the frozen version it was launched with, not
 * the journey as edited since.
 * @throws AppError not_found for another workspace's run.
 */
export async function getRunGraph(db: Db, workspaceId: string, id: string) {
  const run = await db.run.findFirst({
    where: { id: ownedId(id, NO_SUCH_RUN), workspaceId },
    select: {
      journeyId: true,
      journeyVersion: { select: { id: true, version: true, name: true, nodes: true, edges: true, goal: true } },
    },
  });
  if (!run) throw new AppError('not_found', NO_SUCH_RUN);
  const { id: versionId, version, name, nodes, edges, goal } = run.journeyVersion;
  // Frozen from a journey that passed validateJourney: its nodes and edges are objects, its goal a ZJourneyGoal.
  const graph = { nodes: storedAs<TGraphItems>(nodes), edges: storedAs<TGraphItems>(edges) };
  return {
    journeyId: run.journeyId,
    versionId,
    version,
    name,
    ...graph,
    goal: goal === null ? null : storedAs<TJourneyGoal>(goal),
  };
}
