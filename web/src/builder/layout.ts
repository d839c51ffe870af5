import { Graph, layout } from '@dagrejs/dagre';
import { handleKey } from '../../../core/index.js';
import { nodeOutputs } from './nodes/outputs';
import type { TFlowEdge, TFlowNode } from './types';

/** Size assumed for a node React Flow has not measured yet (the node components are this wide). */
export const DEFAULT_NODE_SIZE = { width: 260, height: 120 } as const;

/** What layout needs of a node: its id, its position and, when known, its size. */
export interface TLayoutNode {
  id: string;
  position: { x: number; y: number };
  measured?: { width?: number; height?: number };
  width?: number;
  height?: number;
}

export interface TLayoutOptions {
  /** Horizontal gap between columns (ranks). */
  rankGap?: number;
  /** Vertical gap between nodes of one column. */
  nodeGap?: number;
}

interface TPlaced {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

function sizeOf(node: TLayoutNode): { width: number; height: number } {
  return {
    width: node.measured?.width ?? node.width ?? DEFAULT_NODE_SIZE.width,
    height: node.measured?.height ?? node.height ?? DEFAULT_NODE_SIZE.height,
  };
}

/**
 * Keeps the targets of one node's outcomes in the order its handles are listed, top to
 * bottom, so the "YES" branch sits beside the YES handle instead of crossing the others.
 * Relies on `edges` listing each node's outcomes in handle order (see layoutFlow).
 */
function outcomeOrder(
  edges: ReadonlyArray<{ source: string; target: string }>,
  ids: ReadonlySet<string>,
): Array<{ left: string; right: string }> {
  const targets = new Map<string, string[]>();
  for (const edge of edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target) || edge.source === edge.target) continue;
    const list = targets.get(edge.source) ?? [];
    if (!list.includes(edge.target)) list.push(edge.target);
    targets.set(edge.source, list);
  }
  return [...targets.values()].flatMap((list) => list.slice(1).map((right, i) => ({ left: list[i] as string, right })));
}

/**
 * Lays a journey out left to right with dagre: each step one column further right than
 * the step before it, branches stacked vertically. Returns copies of the nodes with new
 * top-left positions (dagre gives centres); edges to missing nodes are ignored.
 */
export function layoutNodes<T extends TLayoutNode>(
  nodes: readonly T[],
  edges: ReadonlyArray<{ id: string; source: string; target: string }>,
  options: TLayoutOptions = {},
): T[] {
  // A multigraph, because a waitForReply may send two outcomes to the same next node.
  const graph = new Graph<object, TPlaced, object>({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', ranksep: options.rankGap ?? 90, nodesep: options.nodeGap ?? 40 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) graph.setNode(node.id, sizeOf(node));
  for (const edge of edges) {
    if (ids.has(edge.source) && ids.has(edge.target)) graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  layout(graph, { constraints: outcomeOrder(edges, ids) });
  return nodes.map((node) => {
    const placed = graph.node(node.id) as TPlaced | undefined;
    if (placed?.x === undefined || placed.y === undefined) return node;
    const position = { x: Math.round(placed.x - placed.width / 2), y: Math.round(placed.y - placed.height / 2) };
    return { ...node, position };
  });
}

/** layoutNodes for journey nodes, with each node's branches kept in handle order. */
export function layoutFlow(nodes: readonly TFlowNode[], edges: readonly TFlowEdge[]): TFlowNode[] {
  const order = new Map(nodes.map((n) => [n.id, nodeOutputs(n).map((o) => o.id ?? '')]));
  const index = (e: TFlowEdge) => order.get(e.source)?.indexOf(handleKey(e.sourceHandle)) ?? 0;
  // Array sort is stable, so only each source's own edges change places relative to each other.
  return layoutNodes(
    nodes,
    [...edges].sort((a, b) => index(a) - index(b)),
  );
}
