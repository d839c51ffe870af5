import { compareProportions, SIGNIFICANCE_LEVEL, type TProportionTest } from '../../core/stats.js';
import { ELSE_HANDLE } from '../../core/journey/constants.js';
import {
  ZJourneyGoal,
  ZJourneyNode,
  type TConditionNode,
  type TJourneyGoal,
  type TJourneyNode,
  type TSplitNode,
} from '../../core/journey/schema.js';
import type { Prisma } from '../../infra/db.js';
import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { NO_SUCH_RUN } from '../runs/require-run.js';
import { branchOutcomes, type TBranchOutcomes } from './branch-outcomes.js';
import { emptyFunnel, nodeFunnel } from './node-funnel.js';
import { runSeries } from './run-series.js';
import { waitReplies } from './wait-replies.js';

/** One branch of a split or condition node. */
export interface TBranchAnalytics {
  branchId: string;
  contacts: number;
  converted: number;
  /** converted / contacts; null without contacts. */
  conversionRate: number | null;
}

/** A split (or condition) node's branches and, for a split, whether their conversion rates differ. */
export interface TSplitAnalytics {
  nodeId: string;
  type: 'split' | 'condition';
  branches: TBranchAnalytics[];
  /** compareProportions' test: for splits with a goal, once two branches have contacts. */
  test: TProportionTest | null;
  statistic: number | null;
  pValue: number | null;
  /** pValue below SIGNIFICANCE_LEVEL (5%). */
  significant: boolean;
}

/** A node of the run's version: its id and type, and the node itself when it still parses. */
interface TFrozenNode {
  id: string;
  type: string;
  node: TJourneyNode | undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The version's nodes and goal, read node by node: it passed validateJourney when it was
 * launched, but rules tightened since (a regex only JavaScript's RegExp compiled) must not
 * keep an old run from its analytics. A node that no longer parses keeps its funnel.
 */
function frozenJourney(version: { nodes: Prisma.JsonValue; goal: Prisma.JsonValue }): {
  nodes: TFrozenNode[];
  goal: TJourneyGoal | null;
} {
  const raw: unknown[] = Array.isArray(version.nodes) ? version.nodes : [];
  const nodes = raw.flatMap((item): TFrozenNode[] => {
    const parsed = ZJourneyNode.safeParse(item);
    if (parsed.success) return [{ id: parsed.data.id, type: parsed.data.type, node: parsed.data }];
    const id = field(item, 'id');
    const type = field(item, 'type');
    return typeof id === 'string' && typeof type === 'string' ? [{ id, type, node: undefined }] : [];
  });
  const goal = version.goal === null ? undefined : ZJourneyGoal.safeParse(version.goal);
  return { nodes, goal: goal?.success ? goal.data : null };
}

function branchIds(node: TSplitNode | TConditionNode): string[] {
  return node.type === 'split'
    ? node.data.branches.map((branch) => branch.id)
    : [...node.data.rules.map((rule) => rule.id), ELSE_HANDLE];
}

function splitAnalytics(
  node: TSplitNode | TConditionNode,
  outcomes: TBranchOutcomes,
  hasGoal: boolean,
): TSplitAnalytics {
  const counted = outcomes.get(node.id);
  const branches = branchIds(node).map((branchId) => {
    const { contacts, converted } = counted?.get(branchId) ?? { contacts: 0, converted: 0 };
    return { branchId, contacts, converted, conversionRate: contacts > 0 ? converted / contacts : null };
  });
  // Only a split is an experiment: its branches are drawn at random, so a difference in
  // their rates is the branches' doing. A condition's branches hold different contacts by
  // design, and a test would measure those contacts, not the branches.
  const comparison = node.type === 'split' && hasGoal ? compareProportions(branches) : undefined;
  return {
    nodeId: node.id,
    type: node.type,
    branches,
    test: comparison?.test ?? null,
    statistic: comparison?.statistic ?? null,
    pValue: comparison?.pValue ?? null,
    significant: comparison !== undefined && comparison.pValue < SIGNIFICANCE_LEVEL,
  };
}

/**
 * A run's analytics, aggregated in Postgres: per node its funnel (nodeFunnel, and replies at
 * wait-for-reply nodes), each split's and condition's branches with their conversions and,
 * for splits, the test of whether their conversion rates differ; reply rate and time to reply
 * at each wait-for-reply node (waitReplies); sends and replies over time (runSeries). The
 * journey and its goal are the run's frozen version.
 * @throws AppError not_found for another workspace's, a missing or a malformed run id.
 */
export async function getRunAnalytics(db: Db, workspaceId: string, id: string, nowMs = Date.now()) {
  const run = await db.run.findFirst({
    where: { id: ownedId(id, NO_SUCH_RUN), workspaceId },
    select: {
      id: true,
      createdAt: true,
      startedAt: true,
      endedAt: true,
      journeyVersion: { select: { nodes: true, goal: true } },
    },
  });
  if (!run) throw new AppError('not_found', NO_SUCH_RUN);
  const journey = frozenJourney(run.journeyVersion);
  const goal = journey.goal;
  const branching = journey.nodes.flatMap(({ node }) =>
    node?.type === 'split' || node?.type === 'condition' ? [node] : [],
  );
  const waitNodes = journey.nodes.filter((node) => node.type === 'waitForReply').map((node) => node.id);
  const fromMs = (run.startedAt ?? run.createdAt).getTime();
  const toMs = Math.max(fromMs, run.endedAt?.getTime() ?? nowMs);

  const [funnel, outcomes, replies, series, totals] = await Promise.all([
    nodeFunnel(db, run.id),
    branchOutcomes(db, run.id, branching),
    waitReplies(db, run.id, waitNodes),
    runSeries(db, run.id, { fromMs, toMs }),
    db.sql.query<{ contacts: number; converted: number }>`
      SELECT count(*)::int AS contacts, count(cv."contactId")::int AS converted
      FROM "Contact" c LEFT JOIN "Conversion" cv ON cv."runId" = c."runId" AND cv."contactId" = c."id"
      WHERE c."runId" = ${run.id}::uuid`,
  ]);

  const nodes = journey.nodes.map(({ id: nodeId, type }) => {
    const counts = funnel.get(nodeId) ?? emptyFunnel();
    const replied = type === 'waitForReply' ? (replies.get(nodeId)?.replied ?? 0) : null;
    return { nodeId, type, ...counts, replied };
  });
  const waits = waitNodes.map((nodeId) => {
    const entered = funnel.get(nodeId)?.entered ?? 0;
    const at = replies.get(nodeId);
    const replied = at?.replied ?? 0;
    return {
      nodeId,
      entered,
      replied,
      replyRate: entered > 0 ? replied / entered : null,
      medianSeconds: at?.medianSeconds ?? null,
      p90Seconds: at?.p90Seconds ?? null,
    };
  });
  return {
    runId: run.id,
    goal,
    contacts: totals[0]?.contacts ?? 0,
    converted: totals[0]?.converted ?? 0,
    nodes,
    splits: branching.map((node) => splitAnalytics(node, outcomes, goal !== null)),
    waits,
    bucketSeconds: series.bucketSeconds,
    series: series.points,
  };
}
