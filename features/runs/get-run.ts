import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { workflowListUrl, type TTemporalUi } from '../../infra/temporal-ui.js';
import { NO_SUCH_RUN } from './require-run.js';
import { toRunView } from './run-view.js';

export interface RunCounts {
  /** Contacts per state: queued, active, waiting, waiting_reply, done, failed, stopped. */
  byState: Record<string, number>;
  /** Contacts that are at each node now (not ended). */
  atNode: Record<string, number>;
  /** Contacts that have visited each node at least once. */
  visitedNode: Record<string, number>;
  /** Contacts not ended, by the journey version they walk (their own once moved, else the run's). */
  byVersion: Record<string, number>;
}

/**
 * A run of the caller's workspace with its counts and its workflows' list in Temporal UI.
 * @throws AppError not_found for another workspace's run, which looks exactly like a missing one.
 */
export async function getRun(deps: { db: Db; ui: TTemporalUi }, workspaceId: string, id: string) {
  const { db } = deps;
  const run = await db.run.findFirst({ where: { id: ownedId(id, NO_SUCH_RUN), workspaceId } });
  if (!run) throw new AppError('not_found', NO_SUCH_RUN);
  const runId = run.id;
  const [byState, atNode, visited, byVersion, versions] = await Promise.all([
    db.contact.groupBy({ by: ['state'], where: { runId }, _count: { _all: true } }),
    db.contact.groupBy({
      by: ['cursor'],
      where: { runId, endedAt: null, cursor: { not: null } },
      _count: { _all: true },
    }),
    // From each contact's visited set, which keeps every node its trimmed history forgot.
    db.$queryRaw<{ node: string; contacts: bigint }[]>`
      SELECT node, count(*) AS contacts
      FROM "Contact" c, unnest(c."visited") AS node
      WHERE c."runId" = ${runId}::uuid
      GROUP BY 1`,
    db.contact.groupBy({ by: ['journeyVersion'], where: { runId, endedAt: null }, _count: { _all: true } }),
    runVersions(db, run),
  ]);
  const counts: RunCounts = {
    byState: Object.fromEntries(byState.map((row) => [row.state, row._count._all])),
    atNode: Object.fromEntries(atNode.map((row) => [row.cursor ?? '', row._count._all])),
    visitedNode: Object.fromEntries(visited.map((row) => [row.node, Number(row.contacts)])),
    byVersion: {},
  };
  for (const row of byVersion) {
    const key = String(row.journeyVersion ?? versions.version);
    counts.byVersion[key] = (counts.byVersion[key] ?? 0) + row._count._all;
  }
  return {
    ...toRunView(run),
    counts,
    ...versions,
    temporalUiUrl: workflowListUrl(deps.ui, `JourneyRunId="${run.id}"`),
  };
}

/** The version a run was launched with and its journey's newest saved one. */
async function runVersions(db: Db, run: { journeyId: string; journeyVersionId: string }) {
  const [launched, latest] = await Promise.all([
    db.journeyVersion.findUniqueOrThrow({ where: { id: run.journeyVersionId }, select: { version: true } }),
    db.journeyVersion.findFirst({
      where: { journeyId: run.journeyId },
      orderBy: { version: 'desc' },
      select: { version: true },
    }),
  ]);
  return { version: launched.version, latestVersion: latest?.version ?? launched.version };
}
