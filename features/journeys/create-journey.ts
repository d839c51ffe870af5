import type { TSendPolicyLayer } from '../../core/index.js';
import { Prisma, type Db } from '../../infra/db.js';
import { checkJourneyLimits } from './check-journey-limits.js';
import { toJourneyView } from './journey-view.js';
import { requirePolicyAdmin } from './require-policy-admin.js';
import { storedGoal } from './stored-goal.js';

/** A new journey as the builder sends it: drafts may be incomplete, their problems are reported, not refused. */
export interface TNewJourney {
  name: string;
  nodes?: object[] | undefined;
  edges?: object[] | undefined;
  sendPolicy?: TSendPolicyLayer | undefined;
  /** What counts as a conversion (ZJourneyGoal), checked as `problems`; null or absent: none. */
  goal?: object | null | undefined;
}

/**
 * Creates a draft journey owned by `userId`, and answers it with its problems.
 * @throws AppError forbidden when a member sets a send policy (requirePolicyAdmin).
 * @throws AppError invalid_input past the journey's limits (checkJourneyLimits).
 */
export async function createJourney(
  db: Db,
  owner: { workspaceId: string; userId: string; role: 'admin' | 'member' },
  input: TNewJourney,
) {
  requirePolicyAdmin(owner.role, input.sendPolicy);
  checkJourneyLimits({
    name: input.name,
    nodes: input.nodes ?? [],
    edges: input.edges ?? [],
    sendPolicy: input.sendPolicy ?? {},
    goal: input.goal ?? null,
  });
  // The body was parsed JSON, so it is JSON; its loose object type just cannot say so.
  const nodes = (input.nodes ?? []) as Prisma.InputJsonValue;
  const edges = (input.edges ?? []) as Prisma.InputJsonValue;
  const row = await db.journey.create({
    data: {
      workspaceId: owner.workspaceId,
      userId: owner.userId,
      name: input.name,
      nodes,
      edges,
      sendPolicy: input.sendPolicy ?? {},
      goal: storedGoal(input.goal) ?? Prisma.DbNull,
    },
  });
  return toJourneyView(row);
}
