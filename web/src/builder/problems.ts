import { validateJourney, type TProblem } from '../../../core/index.js';
import { flowToJourney } from './convert';
import type { TFlowEdge, TFlowNode, TGoalDraft } from './types';

/** Problems of a journey, also grouped by the node and edge each one marks. */
export interface TProblemIndex {
  problems: readonly TProblem[];
  byNode: ReadonlyMap<string, readonly TProblem[]>;
  byEdge: ReadonlyMap<string, readonly TProblem[]>;
}

export const NO_PROBLEMS: TProblemIndex = { problems: [], byNode: new Map(), byEdge: new Map() };

/**
 * Runs core's validateJourney on the canvas as it would be saved. `variables`, when
 * given, are the contact fields known at launch (e.g. a CSV header); `intentClassifier`,
 * when given, whether the deployment can classify replies by intent (false makes intent
 * branches problems, as the launch would).
 */
export function validateFlow(
  name: string,
  nodes: readonly TFlowNode[],
  edges: readonly TFlowEdge[],
  variables?: readonly string[],
  intentClassifier?: boolean,
  goal?: TGoalDraft | null,
): TProblem[] {
  const result = validateJourney(flowToJourney(name, nodes, edges, goal), {
    knownVariables: variables,
    hasIntentClassifier: intentClassifier,
  });
  return result.ok ? [] : result.problems;
}

function push(map: Map<string, TProblem[]>, key: string, problem: TProblem): void {
  const list = map.get(key) ?? [];
  if (!list.includes(problem)) list.push(problem);
  map.set(key, list);
}

const sameList = (a: readonly TProblem[], b: readonly TProblem[]) =>
  a.length === b.length && a.every((p, i) => p.message === b[i]?.message && p.code === b[i]?.code);

// Keeps the previous array for a node or edge whose problems did not change, so only the
// nodes whose problems changed re-render while the user types.
function stabilize(
  next: Map<string, TProblem[]>,
  previous: ReadonlyMap<string, readonly TProblem[]>,
): Map<string, readonly TProblem[]> {
  const out = new Map<string, readonly TProblem[]>();
  for (const [key, list] of next) {
    const before = previous.get(key);
    out.set(key, before !== undefined && sameList(before, list) ? before : list);
  }
  return out;
}

/**
 * Groups problems by node (its `nodeId` and every id in `nodeIds`, e.g. a whole cycle) and
 * by edge. Unchanged groups keep their identity from `previous`.
 */
export function indexProblems(problems: readonly TProblem[], previous: TProblemIndex = NO_PROBLEMS): TProblemIndex {
  const byNode = new Map<string, TProblem[]>();
  const byEdge = new Map<string, TProblem[]>();
  for (const problem of problems) {
    if (problem.nodeId !== undefined) push(byNode, problem.nodeId, problem);
    for (const id of problem.nodeIds ?? []) push(byNode, id, problem);
    if (problem.edgeId !== undefined) push(byEdge, problem.edgeId, problem);
  }
  const unchanged = sameList(previous.problems, problems);
  return {
    problems: unchanged ? previous.problems : problems,
    byNode: stabilize(byNode, previous.byNode),
    byEdge: stabilize(byEdge, previous.byEdge),
  };
}

/** What a problem is about, for the problems list: "Node ask", "Connection e-1", "Goal", "Journey". */
export function problemPlace(problem: TProblem): string {
  if (problem.edgeId !== undefined) return `Connection ${problem.edgeId}`;
  if (problem.nodeId !== undefined) return `Node ${problem.nodeId}`;
  if (problem.path?.[0] === 'goal') return 'Goal';
  return 'Journey';
}
