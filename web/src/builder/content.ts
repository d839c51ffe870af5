import type { TFlowEdge, TFlowNode, TGoalDraft } from './types';

/** What gets saved and undone: the name, the graph and the goal, not selection or measurements. */
export interface TContent {
  name: string;
  nodes: TFlowNode[];
  edges: TFlowEdge[];
  /** The journey's goal as edited; null or absent: none. */
  goal?: TGoalDraft | null | undefined;
}

/** Whether two goals are the same (null and absent alike are no goal). */
export function sameGoal(a: TContent['goal'], b: TContent['goal']): boolean {
  return a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// Data is compared by reference first (the usual case: untouched nodes keep their data
// object) and only then by value, so checks stay cheap on every drag frame.
function sameData(a: object, b: object): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function sameNode(a: TFlowNode, b: TFlowNode, withPosition: boolean): boolean {
  if (a === b) return true;
  if (a.id !== b.id || a.type !== b.type) return false;
  if (withPosition && (a.position.x !== b.position.x || a.position.y !== b.position.y)) return false;
  return sameData(a.data, b.data);
}

function sameEdge(a: TFlowEdge, b: TFlowEdge): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.source === b.source &&
      a.target === b.target &&
      (a.sourceHandle ?? null) === (b.sourceHandle ?? null))
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => same(item, b[i] as T)));
}

/**
 * Whether two snapshots would save as the same journey. Selection, measured sizes and
 * dragging flags are ignored: clicking a node is not an edit.
 */
export function sameContent(a: TContent, b: TContent): boolean {
  return (
    a.name === b.name &&
    sameGoal(a.goal, b.goal) &&
    sameList(a.nodes, b.nodes, (x, y) => sameNode(x, y, true)) &&
    sameList(a.edges, b.edges, sameEdge)
  );
}

/**
 * Whether two graphs are equal for validation, which does not look at positions: lets the
 * canvas skip re-validating while a node is dragged.
 */
export function sameStructure(a: Omit<TContent, 'name'>, b: Omit<TContent, 'name'>): boolean {
  return sameList(a.nodes, b.nodes, (x, y) => sameNode(x, y, false)) && sameList(a.edges, b.edges, sameEdge);
}
