import { z } from 'zod';
import { ZSendPolicyLayer } from '../policy/send-policy.js';
import { templateVariables } from '../render.js';
import { BUILTIN_VARIABLES } from './constants.js';
import { ZJourneyGoal, type TJourneyGoal } from './goal.js';
import type { TProblem } from './problems.js';
import {
  ZJourneyEdge,
  ZJourneyName,
  ZJourneyNode,
  type TJourney,
  type TJourneyEdge,
  type TJourneyNode,
} from './schema.js';
import { buildContext, nodeInfo, rawId, type TEdgeInfo, type TNodeInfo } from './validate-context.js';
import { checkInstantCycles, checkReachable } from './validate-flow.js';
import { checkDuplicateIds, checkEdges, checkMissingHandles, checkStartCount } from './validate-structure.js';
import { checkIntentClassifier } from './validate-intent.js';
import { checkVariables } from './validate-variables.js';
import { problemsFromIssues } from './zod-problems.js';

export interface TValidateOptions {
  /** Contact fields available at launch; when given, every variable used must be one. */
  knownVariables?: readonly string[] | undefined;
  /**
   * Whether replies can be classified by intent (an AI model is configured); when false,
   * intent branches are problems (intent_unavailable). Unchecked when undefined.
   */
  hasIntentClassifier?: boolean | undefined;
}

export type TValidationResult = { ok: true; journey: TJourney } | { ok: false; problems: TProblem[] };

const ZJourneyShell = z.object({
  name: z.unknown(),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
  sendPolicy: z.unknown().optional(),
  goal: z.unknown().optional(),
});

interface TParsed {
  name: string | undefined;
  sendPolicy: z.output<typeof ZSendPolicyLayer> | undefined;
  goal: TJourneyGoal | undefined;
  nodes: TJourneyNode[];
  edges: TJourneyEdge[];
  nodeInfos: TNodeInfo[];
  edgeInfos: TEdgeInfo[];
  problems: TProblem[];
}

// Nodes and edges are parsed one by one so a broken node still leaves the rest of the
// graph to check, and each schema problem names the node or edge it came from.
function parseParts(shell: z.infer<typeof ZJourneyShell>): TParsed {
  const out: TParsed = {
    name: undefined,
    sendPolicy: undefined,
    goal: undefined,
    nodes: [],
    edges: [],
    nodeInfos: [],
    edgeInfos: [],
    problems: [],
  };
  const name = ZJourneyName.safeParse(shell.name);
  if (name.success) out.name = name.data;
  else out.problems.push(...problemsFromIssues(name.error.issues, ['name'], {}));
  // An empty object (the stored default) is no policy of the journey's own.
  if (shell.sendPolicy !== undefined && shell.sendPolicy !== null) {
    const policy = ZSendPolicyLayer.safeParse(shell.sendPolicy);
    if (!policy.success) out.problems.push(...problemsFromIssues(policy.error.issues, ['sendPolicy'], {}));
    else if (Object.keys(policy.data).length > 0) out.sendPolicy = policy.data;
  }
  // Null, like absent, is no goal.
  if (shell.goal !== undefined && shell.goal !== null) {
    const goal = ZJourneyGoal.safeParse(shell.goal);
    if (goal.success) out.goal = goal.data;
    else out.problems.push(...problemsFromIssues(goal.error.issues, ['goal'], {}));
  }
  shell.nodes.forEach((raw, index) => {
    const parsed = ZJourneyNode.safeParse(raw);
    if (parsed.success) out.nodes.push(parsed.data);
    else out.problems.push(...problemsFromIssues(parsed.error.issues, ['nodes', index], { nodeId: rawId(raw) }));
    const info = nodeInfo(raw, index, parsed.data);
    if (info !== undefined) out.nodeInfos.push(info);
  });
  shell.edges.forEach((raw, index) => {
    const parsed = ZJourneyEdge.safeParse(raw);
    if (parsed.success) {
      out.edges.push(parsed.data);
      out.edgeInfos.push({ edge: parsed.data, index });
    } else {
      out.problems.push(...problemsFromIssues(parsed.error.issues, ['edges', index], { edgeId: rawId(raw) }));
    }
  });
  return out;
}

/**
 * Checks a submitted journey against every rule the workflow relies on and reports all
 * problems found, not just the first. On success returns the parsed journey, with unknown
 * keys (React Flow UI state) stripped.
 */
export function validateJourney(journey: unknown, options: TValidateOptions = {}): TValidationResult {
  const shell = ZJourneyShell.safeParse(journey);
  if (!shell.success) return { ok: false, problems: problemsFromIssues(shell.error.issues, [], {}) };
  const parsed = parseParts(shell.data);
  const ctx = buildContext(parsed.nodeInfos, parsed.edgeInfos);
  const problems = [
    ...parsed.problems,
    ...checkStartCount(ctx),
    ...checkDuplicateIds(ctx),
    ...checkEdges(ctx),
    ...checkMissingHandles(ctx),
    ...checkReachable(ctx),
    ...checkInstantCycles(ctx),
    ...checkVariables(ctx, options.knownVariables),
    ...checkIntentClassifier(ctx, options.hasIntentClassifier),
  ];
  if (problems.length > 0 || parsed.name === undefined) return { ok: false, problems };
  return {
    ok: true,
    journey: {
      name: parsed.name,
      nodes: parsed.nodes,
      edges: parsed.edges,
      ...(parsed.sendPolicy ? { sendPolicy: parsed.sendPolicy } : {}),
      ...(parsed.goal ? { goal: parsed.goal } : {}),
    },
  };
}

/**
 * Variables the journey's messages need from each contact, sorted and without `phone`
 * (always available). A contact missing one cannot be launched. Condition variables are
 * left out: a condition may test a field that some contacts lack.
 */
export function journeyVariables(journey: TJourney): string[] {
  const names = new Set<string>();
  for (const node of journey.nodes) {
    if (node.type !== 'message') continue;
    const texts = node.data.contentSid === undefined ? [node.data.body] : Object.values(node.data.contentVariables);
    for (const text of texts) for (const name of templateVariables(text)) names.add(name);
  }
  for (const builtin of BUILTIN_VARIABLES) names.delete(builtin);
  return [...names].sort();
}
