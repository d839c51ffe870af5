import { buildGraph, type TJourneyGraph } from '../../core/journey/graph.js';
import { ZJourney, type TJourney } from '../../core/journey/schema.js';
import { validateJourney } from '../../core/journey/validate.js';
import { AppError } from '../../infra/app-error.js';
import type { ContactState, Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import {
  moveRefusal,
  STAY_REASONS,
  type TMigrationCounts,
  type TStaying,
  type TStayReason,
} from '../../workflows/contract/index.js';
import { NO_SUCH_RUN } from './require-run.js';

/** What a migration does, or did: the answer of POST /api/runs/:id/migrate. */
export interface TMigration extends TMigrationCounts {
  /** The version contacts move onto: the journey's newest kept version. */
  version: number;
}

/** A run's contacts as a migration sees them: where each stands, as Postgres mirrors it. */
export interface TMigrationTarget {
  run: { id: string; workspaceId: string; journeyId: string; version: number };
  version: number;
  journey: TJourney;
  /**
   * Why a contact at `cursor` in `state`, walking `journeyVersion` (null: the run's), stays;
   * `undefined`: it is planned to move; `current`: it already walks the target version.
   */
  decide: (contact: TContactRow) => TStayReason | 'current' | undefined;
}

export interface TContactRow {
  cursor: string | null;
  state: ContactState;
  journeyVersion: number | null;
}

/**
 * Reads a run, the version its contacts would move onto (its journey's newest kept version)
 * and every version its contacts walk now, and answers how to decide each contact.
 * @throws AppError not_found for another workspace's run; conflict when the run has ended
 *   (nothing to move); invalid_input when the newest version needs what this server lacks
 *   (an intent branch without an AI model).
 */
export async function loadMigrationTarget(
  db: Db,
  workspaceId: string,
  id: string,
  options: {
    hasIntentClassifier: boolean;
    /** Pins the target (a move under way keeps the version it started with); default: the newest. */
    version?: number;
    /** Refuse a run that has ended (the API does; a move under way just finds nobody left). */
    requireLive?: boolean;
  },
): Promise<TMigrationTarget> {
  const run = await db.run.findFirst({
    where: { id: ownedId(id, NO_SUCH_RUN), workspaceId },
    include: { journeyVersion: { select: { version: true } } },
  });
  if (!run) throw new AppError('not_found', NO_SUCH_RUN);
  if (options.requireLive !== false && run.status !== 'running' && run.status !== 'queued')
    throw new AppError('conflict', `The run is ${run.status}: it has no contacts left to move.`);
  const versions = await db.journeyVersion.findMany({
    where: {
      journeyId: run.journeyId,
      version: { gte: run.journeyVersion.version, ...(options.version ? { lte: options.version } : {}) },
    },
    orderBy: { version: 'asc' },
  });
  const latest = versions.at(-1)!;
  const checked = validateJourney(
    { name: latest.name, nodes: latest.nodes, edges: latest.edges, sendPolicy: latest.sendPolicy, goal: latest.goal },
    options,
  );
  if (!checked.ok)
    throw new AppError(
      'invalid_input',
      `Version ${latest.version} cannot run here: fix the journey.`,
      checked.problems,
    );
  const graphs = new Map<number, TJourneyGraph>(
    versions.map((row) => [
      row.version,
      buildGraph(ZJourney.parse({ name: row.name, nodes: row.nodes, edges: row.edges })),
    ]),
  );
  const runVersion = run.journeyVersion.version;
  return {
    run: { id: run.id, workspaceId, journeyId: run.journeyId, version: runVersion },
    version: latest.version,
    journey: checked.journey,
    decide: (contact) => {
      const from = contact.journeyVersion ?? runVersion;
      if (from >= latest.version) return 'current';
      if (contact.state === 'queued') return 'not_started';
      const nodeId = contact.cursor ?? undefined;
      const nodeType = nodeId ? graphs.get(from)?.nodes.get(nodeId)?.type : undefined;
      const waitingFor =
        contact.state === 'waiting_reply'
          ? 'reply'
          : contact.state === 'waiting' && nodeType === 'wait'
            ? 'timer'
            : undefined;
      return moveRefusal({ nodeId, nodeType, waitingFor }, checked.journey);
    },
  };
}

/**
 * The dry run of a migration: what moving the run's contacts onto the newest version would
 * do, decided from each contact's progress as Postgres mirrors it (node, state, version),
 * in one grouped query, without asking any workflow. Each contact's own workflow decides
 * again when it is asked, from where it is then: the plan may differ from the outcome by
 * the contacts that moved on meanwhile.
 */
export async function planRunMigration(target: TMigrationTarget, db: Db): Promise<TMigration> {
  const groups = await db.contact.groupBy({
    by: ['cursor', 'state', 'journeyVersion'],
    where: { runId: target.run.id, endedAt: null },
    _count: { _all: true },
  });
  const tally = new MigrationTally();
  for (const group of groups) tally.add(group, target.decide(group), group._count._all);
  return { version: target.version, ...tally.counts() };
}

/** Adds up contacts that move, stay (by node and reason) or already walk the version. */
export class MigrationTally {
  private moved = 0;
  private current = 0;
  private readonly staying = new Map<string, TStaying>();

  add(contact: { cursor: string | null }, decision: TStayReason | 'current' | undefined, count = 1): void {
    if (decision === undefined) this.moved += count;
    else if (decision === 'current' || decision === 'already_moved') this.current += count;
    else {
      const nodeId = contact.cursor ?? 'start';
      const key = `${nodeId}\u0000${decision}`;
      const entry = this.staying.get(key) ?? { nodeId, count: 0, reason: decision, message: STAY_REASONS[decision] };
      entry.count += count;
      this.staying.set(key, entry);
    }
  }

  counts(): TMigrationCounts {
    const staying = [...this.staying.values()].sort(
      (a, b) => b.count - a.count || a.nodeId.localeCompare(b.nodeId) || a.reason.localeCompare(b.reason),
    );
    return { moved: this.moved, current: this.current, staying };
  }
}
