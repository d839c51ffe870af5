import { validateJourney, type TSendPolicyLayer } from '../../core/index.js';
import { AppError } from '../../infra/app-error.js';
import { Prisma, type Db, type JourneyStatus } from '../../infra/db.js';
import { checkJourneyLimits } from './check-journey-limits.js';
import { findProblems } from './find-problems.js';
import { freezeJourneyVersion } from './freeze-journey-version.js';
import { toJourneyView } from './journey-view.js';
import { loadJourney } from './load-journey.js';
import { requirePolicyAdmin } from './require-policy-admin.js';
import { storedGoal } from './stored-goal.js';

/** The fields an edit may change; absent ones stay as they are. */
export interface TJourneyChanges {
  name?: string | undefined;
  nodes?: object[] | undefined;
  edges?: object[] | undefined;
  sendPolicy?: TSendPolicyLayer | undefined;
  /** Null removes the goal. */
  goal?: object | null | undefined;
  status?: JourneyStatus | undefined;
}

/**
 * Saves an edit of a journey. Drafts may be incomplete; an active journey is what launches
 * run, so it must have no problems. A save without problems keeps a version of the journey
 * (a new one when the graph, name, policy or goal changed).
 * @throws AppError not_found for another workspace's journey; invalid_input when an active
 *   journey would have problems, or past the journey's limits (checkJourneyLimits); conflict
 *   when it changed while saving; forbidden when a member sets or changes the send policy
 *   (requirePolicyAdmin).
 */
export async function updateJourney(
  db: Db,
  caller: { workspaceId: string; role: 'admin' | 'member' },
  id: string,
  input: TJourneyChanges,
) {
  const { workspaceId } = caller;
  const existing = await loadJourney(db, workspaceId, id);
  requirePolicyAdmin(caller.role, input.sendPolicy, existing.sendPolicy);
  const next = {
    name: input.name ?? existing.name,
    nodes: input.nodes ?? existing.nodes,
    edges: input.edges ?? existing.edges,
    sendPolicy: input.sendPolicy ?? existing.sendPolicy,
    goal: input.goal === undefined ? existing.goal : input.goal,
    status: input.status ?? existing.status,
  };
  checkJourneyLimits(next);
  const problems = findProblems(next);
  if (next.status === 'active' && problems.length > 0) {
    throw new AppError(
      'invalid_input',
      'An active journey must have no problems: fix them or keep it a draft.',
      problems,
    );
  }
  // Compare-and-set on updatedAt: the problems above were computed from `existing`, so a
  // concurrent edit in between must not slip an invalid graph into an active journey.
  // A journey that could launch as saved keeps a version of it (live edits: running contacts
  // may be moved onto it); the same transaction, so a save and its version come together.
  const checked = problems.length === 0 ? validateJourney(next) : undefined;
  await db.$transaction(async (tx) => {
    const { count } = await tx.journey.updateMany({
      where: { id: existing.id, workspaceId, updatedAt: existing.updatedAt },
      data: {
        name: input.name,
        nodes: input.nodes as Prisma.InputJsonValue | undefined,
        edges: input.edges as Prisma.InputJsonValue | undefined,
        sendPolicy: input.sendPolicy,
        goal: input.goal === undefined ? undefined : (storedGoal(input.goal) ?? Prisma.DbNull),
        status: input.status,
      },
    });
    if (count === 0) throw new AppError('conflict', 'The journey changed while saving: reload it and try again.');
    if (checked?.ok) await freezeJourneyVersion(tx, { workspaceId, journeyId: existing.id }, checked.journey);
  });
  return toJourneyView(await loadJourney(db, workspaceId, existing.id));
}
