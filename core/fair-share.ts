/**
 * Fair share of the send rate between workspaces: start-time fair queueing (SFQ).
 *
 * Every send gets a start tag on one virtual clock. A workspace's sends are spaced
 * `cost = 1 / weight` apart from where its last one ended, and never start before the
 * virtual time (the tag of the send at the head of the queue); the queue serves the
 * lowest tag first. So two workspaces with work waiting alternate in proportion to their
 * weights, and a workspace that arrives behind another's backlog starts at the head, not
 * behind it. Interactive sends (anything but a launch's first messages) keep a clock of
 * their own per workspace that starts at the head, so they go ahead of their workspace's
 * bulk, and their cost is charged to its bulk clock.
 *
 * The queue's priorities are integers from 1 to 2^21 - 1 (BullMQ's): a priority is the tag
 * less a base. A workspace may run at most FAIR_HORIZON ahead of the virtual time (tags
 * further out are held at the horizon, and the debt beyond it forgiven), and once the
 * virtual time is REBASE_AT past the base the base moves up to it, with every queued
 * priority lowered by as much: the priorities in use stay within the range.
 *
 * These are the maths the scheduler's Lua script runs atomically in Redis (outbound/
 * fair-share-queue.ts), written out here to be tested one case at a time.
 */

/** BullMQ's largest job priority is 2^21; one less keeps a margin for rounding. */
export const MAX_JOB_PRIORITY = 2 ** 21 - 1;
/** How far ahead of the virtual time a workspace's sends may be tagged. */
export const FAIR_HORIZON = 2 ** 20 - 2;
/** How far the virtual time may run past the base before priorities are rebased. */
export const REBASE_AT = 2 ** 20;
/** A workspace's weight when the operator set none. */
export const DEFAULT_WEIGHT = 1;

/** Bulk: a launch's first messages. Interactive: every other send (follow-ups, replies, tests). */
export type TSendClass = 'bulk' | 'interactive';

/** Virtual time one send of a workspace of this weight takes. */
export function sendCost(weight: number): number {
  return 1 / weight;
}

/** A workspace's clocks: where its next bulk and its next interactive send may start. */
export interface TWorkspaceClocks {
  bulk: number;
  interactive: number;
}

export interface TTagRequest {
  /** The tag at the head of the queue now (see virtualTime). */
  virtualTime: number;
  clocks: TWorkspaceClocks;
  cost: number;
  count: number;
  kind: TSendClass;
  horizon?: number;
}

/**
 * The start tags of `count` sends of one workspace queued together, and its clocks after.
 * Tags past the horizon are held at it, and a clock never runs past it: a workspace that
 * queued more than the horizon is not made to pay for the excess once it has drained.
 */
export function startTags(request: TTagRequest): { tags: number[]; clocks: TWorkspaceClocks } {
  const { virtualTime: v, cost, count } = request;
  const limit = v + (request.horizon ?? FAIR_HORIZON);
  const tags: number[] = [];
  let start = Math.max(v, request.kind === 'bulk' ? request.clocks.bulk : request.clocks.interactive);
  for (let i = 0; i < count; i += 1) {
    tags.push(Math.min(start, limit));
    start += cost;
  }
  const end = Math.min(start, limit);
  if (request.kind === 'bulk') return { tags, clocks: { bulk: end, interactive: request.clocks.interactive } };
  // Interactive sends jump their workspace's bulk, not the other workspaces: the bulk
  // sends it queues later start that much further back.
  return { tags, clocks: { interactive: end, bulk: Math.min(Math.max(request.clocks.bulk, v) + cost * count, limit) } };
}

/**
 * The virtual time: the tag of the send at the head of the queue, or with nothing queued
 * the furthest tag given (every send so far has been served); never earlier than before.
 */
export function virtualTime(state: {
  headPriority: number | undefined;
  base: number;
  clock: number;
  maxTag: number;
}): number {
  if (state.headPriority === undefined) return Math.max(state.clock, state.maxTag);
  return Math.max(state.clock, state.base + state.headPriority - 1);
}

/** The queue priority of a tag: 1 at the base, within 1 .. MAX_JOB_PRIORITY. */
export function priorityOf(tag: number, base: number): number {
  return Math.min(MAX_JOB_PRIORITY, Math.max(1, 1 + Math.floor(tag - base)));
}

/** How far to move the base up before tagging at `virtualTime`: 0 while it is within REBASE_AT. */
export function rebaseShift(virtualTimeNow: number, base: number, rebaseAt = REBASE_AT): number {
  return virtualTimeNow - base >= rebaseAt ? Math.floor(virtualTimeNow - base) : 0;
}

/** A queued priority after the base moved up by `shift`. */
export function shiftedPriority(priority: number, shift: number): number {
  return Math.max(1, priority - shift);
}

/** Temporal's task-queue priority key of launchers (1 first .. 5 last; 3 when unset). */
export const LAUNCHER_PRIORITY_KEY = 2;

/**
 * A workspace's workflows' priority on Temporal's task queue (the fields of Temporal's
 * `Priority`, inherited by their activities): its fairness key with the weight it has in
 * the send queue, so one workspace's backlog of workflow and activity tasks (a launch of
 * 100,000 contacts starting) does not hold another's, which would hold its sends before
 * they ever reach the send queue. Needs `matching.enableFairness` on the server.
 */
export function workspaceTaskPriority(
  workspaceId: string,
  weights: Readonly<Record<string, number>> = {},
  priorityKey?: number,
): { fairnessKey: string; fairnessWeight: number; priorityKey?: number } {
  return {
    fairnessKey: workspaceId,
    fairnessWeight: weights[workspaceId] ?? DEFAULT_WEIGHT,
    ...(priorityKey === undefined ? {} : { priorityKey }),
  };
}
