/**
 * Live edits: moving a running contact onto a newer version of its journey (POST
 * /api/runs/:id/migrate). Defined once for the contact workflow, which decides for itself,
 * and for the API, whose dry run plans the same decision from the contact's progress in
 * Postgres. Imports only the workflow SDK and core types, so any process may import it.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { TJourney } from '../../core/journey/schema.js';

/** Asks a contact to walk `journey` (version `version` of its journey) from where it waits. */
export interface TMigrateRequest {
  version: number;
  journey: TJourney;
  /** Upsert the `JourneyVersion` search attribute: only where the namespace has it registered. */
  indexVersion?: boolean;
}

/** A contact that moved: the version it walks now and the node it waits at. */
export interface TMigrateResult {
  version: number;
  nodeId: string;
}

/**
 * The contact's `migrate` update. Its validator refuses (recording nothing in the history)
 * with an ApplicationFailure whose `type` is a TStayReason; an accepted one swaps the
 * contact's journey snapshot on the spot and answers TMigrateResult.
 */
export const migrateUpdate = defineUpdate<TMigrateResult, [TMigrateRequest]>('migrate');

/**
 * Why a contact stays on its version:
 * - `node_removed`, `node_changed_type`: where it is has no counterpart in the new version;
 * - `sending`: it is at a message node, whose send is queued, deferred or awaiting its
 *   outcome: the message was rendered from the old version and goes out as it is; the
 *   contact can move once it waits at a later node (migrate again);
 * - `not_started`: the launcher has not started it yet; it starts on the run's version;
 * - `busy`: between two steps (an instant node, or a reply being classified); migrate again;
 * - `already_moved`: it already walks this version or a newer one.
 */
export type TStayReason = 'node_removed' | 'node_changed_type' | 'sending' | 'not_started' | 'busy' | 'already_moved';

export const STAY_REASONS: Readonly<Record<TStayReason, string>> = {
  node_removed: 'its node is not in the new version',
  node_changed_type: 'its node has another type in the new version',
  sending: 'its message is being sent; it can move once it waits at a later node',
  not_started: 'it has not started yet and starts on the run version',
  busy: 'it is between two steps; try again',
  already_moved: 'it already walks this version or a newer one',
};

/** Where a contact stands, as its workflow knows it or as Postgres mirrors it. */
export interface TContactPosition {
  nodeId: string | undefined;
  /** The node's type in the version the contact walks. */
  nodeType: string | undefined;
  /** What it waits for there: a timer (wait), a reply (wait for reply), or nothing settled. */
  waitingFor: 'timer' | 'reply' | undefined;
}

/**
 * Why a contact at `at` cannot move onto `to`, or undefined when it can. Safe only where it
 * waits at a wait or wait-for-reply node that the new version has, with the same id and
 * type: the timer or reply deadline already running is kept, and no message is re-run.
 */
export function moveRefusal(at: TContactPosition, to: Pick<TJourney, 'nodes'>): TStayReason | undefined {
  if (at.nodeId === undefined || at.nodeType === undefined) return 'busy';
  const target = to.nodes.find((node) => node.id === at.nodeId);
  if (!target) return 'node_removed';
  if (target.type !== at.nodeType) return 'node_changed_type';
  if (at.nodeType === 'message') return 'sending';
  const settled =
    (at.nodeType === 'wait' && at.waitingFor === 'timer') ||
    (at.nodeType === 'waitForReply' && at.waitingFor === 'reply');
  return settled ? undefined : 'busy';
}

/** Contacts that stay on their version at one node, for one reason. */
export interface TStaying {
  nodeId: string;
  count: number;
  reason: TStayReason;
  /** The reason, for a person. */
  message: string;
}

/** What a migration did (or would do) to a run's contacts, or to one page of them. */
export interface TMigrationCounts {
  moved: number;
  /** Contacts not ended that already walk the target version. */
  current: number;
  /** By node and reason, most first. */
  staying: TStaying[];
}

/** Input of the `migrateRunContacts` workflow: move a run's waiting contacts onto `version`. */
export interface TMigrateRunInput {
  runId: string;
  workspaceId: string;
  version: number;
  /** Where the previous execution left off, when it continued as new, with its counts. */
  afterContactId?: string;
  counts?: TMigrationCounts;
}

/** Input of the `migrateContactBatch` activity: one page of the run's contacts, by id, after `afterContactId`. */
export interface TMigrateBatchInput {
  runId: string;
  workspaceId: string;
  version: number;
  limit: number;
  afterContactId?: string;
}

export interface TMigrateBatchResult {
  counts: TMigrationCounts;
  /** The page's last contact; absent when the page was empty (the run is done). */
  lastContactId?: string;
}

/** Adds up what contacts did: moved, stayed (by node and reason) or already walked the version. */
export function addCounts(total: TMigrationCounts, more: TMigrationCounts): TMigrationCounts {
  const staying = new Map(total.staying.map((row) => [`${row.nodeId}\u0000${row.reason}`, { ...row }]));
  for (const row of more.staying) {
    const key = `${row.nodeId}\u0000${row.reason}`;
    const entry = staying.get(key);
    if (entry) entry.count += row.count;
    else staying.set(key, { ...row });
  }
  return {
    moved: total.moved + more.moved,
    current: total.current + more.current,
    staying: [...staying.values()].sort(
      (a, b) => b.count - a.count || a.nodeId.localeCompare(b.nodeId) || a.reason.localeCompare(b.reason),
    ),
  };
}

/** No contact counted yet. */
export const NO_COUNTS: TMigrationCounts = { moved: 0, current: 0, staying: [] };
