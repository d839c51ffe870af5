import { handleKey, nodeHandles, type TNodeType } from '../../../core/index.js';
import { defaultData, edgeIdFor, newNodeId } from './defaults';
import { DEFAULT_NODE_SIZE } from './layout';
import type { TFlowEdge, TFlowNode } from './types';

/**
 * Pure reducers behind the builder store. Each returns the same object when nothing
 * changes, so the store can skip a render and the undo history a step.
 */
export interface TGraph {
  nodes: TFlowNode[];
  edges: TFlowEdge[];
}

/** A new edge as React Flow's onConnect reports it. */
export interface TConnection {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

/**
 * Whether an edge may be drawn: no self-loops, nothing into the start node, nothing out
 * of an end node, both ends existing. Core would reject these too; refusing them while
 * dragging is kinder than reporting them after.
 */
export function canConnect(nodes: readonly TFlowNode[], c: TConnection): boolean {
  if (c.source === c.target) return false;
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  return source !== undefined && target !== undefined && source.type !== 'end' && target.type !== 'start';
}

// Edges keep their id when a branch is renamed, so a generated id may already be taken.
function uniqueEdgeId(base: string, edges: readonly TFlowEdge[]): string {
  const used = new Set(edges.map((e) => e.id));
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Adds an edge; an edge already leaving the same source handle is replaced, not doubled. */
export function connectEdge(graph: TGraph, c: TConnection): TGraph {
  if (!canConnect(graph.nodes, c)) return graph;
  const key = handleKey(c.sourceHandle);
  const sameSlot = (e: TFlowEdge) => e.source === c.source && handleKey(e.sourceHandle) === key;
  const current = graph.edges.find(sameSlot);
  if (current?.target === c.target) return graph;
  const sourceHandle = key === '' ? null : key;
  const kept = graph.edges.filter((e) => !sameSlot(e));
  const id = uniqueEdgeId(edgeIdFor(c.source, sourceHandle, c.target), kept);
  return { ...graph, edges: [...kept, { id, source: c.source, target: c.target, sourceHandle }] };
}

/** Adds a node of `type` with its default data at `position`; returns the graph and the new id. */
export function addNodeTo(
  graph: TGraph,
  type: TNodeType,
  position: { x: number; y: number },
): { graph: TGraph; id: string } {
  const id = newNodeId(
    type,
    graph.nodes.map((n) => n.id),
  );
  const node = {
    id,
    type,
    position,
    data: defaultData(type),
    ...(type === 'start' && { deletable: false }),
  } as TFlowNode;
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, id };
}

/** Removes nodes (never the start node) and edges, plus every edge touching a removed node. */
export function removeElements(graph: TGraph, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): TGraph {
  const gone = new Set(graph.nodes.filter((n) => nodeIds.has(n.id) && n.type !== 'start').map((n) => n.id));
  const edges = graph.edges.filter((e) => !edgeIds.has(e.id) && !gone.has(e.source) && !gone.has(e.target));
  if (gone.size === 0 && edges.length === graph.edges.length) return graph;
  return { nodes: gone.size === 0 ? graph.nodes : graph.nodes.filter((n) => !gone.has(n.id)), edges };
}

/** Removes whatever is selected on the canvas. */
export function removeSelected(graph: TGraph): TGraph {
  const nodeIds = new Set(graph.nodes.filter((n) => n.selected).map((n) => n.id));
  const edgeIds = new Set(graph.edges.filter((e) => e.selected).map((e) => e.id));
  return removeElements(graph, nodeIds, edgeIds);
}

function mergeData(data: object, patch: Record<string, unknown>): Record<string, unknown> {
  // A key patched to undefined is removed, e.g. `body` when a message becomes a template.
  const merged: Record<string, unknown> = { ...data, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete merged[key];
  return merged;
}

/**
 * Keeps edges on their outcome when the outcome's id changes: handles are compared by
 * position, so renaming branch "yes" to "oui" moves its edge along. Edges of a removed
 * branch are dropped rather than left pointing at a handle that no longer exists.
 */
function remapHandles(edges: TFlowEdge[], before: TFlowNode, after: TFlowNode): TFlowEdge[] {
  const oldKeys = nodeHandles(before).allowed;
  const newKeys = nodeHandles(after).allowed;
  if (oldKeys.length === newKeys.length && oldKeys.every((key, i) => key === newKeys[i])) return edges;
  const renamed = oldKeys.length === newKeys.length;
  let changed = false;
  const next = edges.flatMap((edge) => {
    if (edge.source !== before.id) return [edge];
    const key = handleKey(edge.sourceHandle);
    const oldIndex = oldKeys.indexOf(key);
    // An edge already on an unknown handle is left for the validator to report.
    if (oldIndex < 0) return [edge];
    const target = renamed ? newKeys[oldIndex] : newKeys.includes(key) ? key : undefined;
    if (target === key) return [edge];
    changed = true;
    return target === undefined ? [] : [{ ...edge, sourceHandle: target === '' ? null : target }];
  });
  return changed ? next : edges;
}

/** Merges `patch` into a node's data, moving its edges along if branch ids change. */
export function updateNodeDataIn(graph: TGraph, id: string, patch: Record<string, unknown>): TGraph {
  const index = graph.nodes.findIndex((n) => n.id === id);
  const before = graph.nodes[index];
  if (before === undefined) return graph;
  const after = { ...before, data: mergeData(before.data, patch) } as TFlowNode;
  const nodes = graph.nodes.slice();
  nodes[index] = after;
  return { nodes, edges: remapHandles(graph.edges, before, after) };
}

/** Selects exactly one node or edge (or nothing), touching only elements whose flag changes. */
export function selectOnly(graph: TGraph, target: { nodeId?: string; edgeId?: string }): TGraph {
  const flip = <T extends { id: string; selected?: boolean }>(items: T[], id: string | undefined): T[] => {
    let changed = false;
    const next = items.map((item) => {
      const selected = item.id === id;
      if (Boolean(item.selected) === selected) return item;
      changed = true;
      return { ...item, selected };
    });
    return changed ? next : items;
  };
  const nodes = flip(graph.nodes, target.nodeId);
  const edges = flip(graph.edges, target.edgeId);
  return nodes === graph.nodes && edges === graph.edges ? graph : { nodes, edges };
}

/**
 * Where a new node goes: at `wanted` when given, else right of the rightmost node; moved
 * down until its box overlaps no other node's, so nothing hides behind it.
 */
export function freeSpot(nodes: readonly TFlowNode[], wanted?: { x: number; y: number }): { x: number; y: number } {
  const start = wanted ?? { x: nodes.length === 0 ? 0 : Math.max(...nodes.map((n) => n.position.x)) + 320, y: 0 };
  const { width, height } = DEFAULT_NODE_SIZE;
  const overlaps = (p: { x: number; y: number }) =>
    nodes.some((n) => {
      const w = n.measured?.width ?? width;
      const h = n.measured?.height ?? height;
      return (
        p.x < n.position.x + w && n.position.x < p.x + width && p.y < n.position.y + h && n.position.y < p.y + height
      );
    });
  for (let i = 0; i < 100; i++) {
    const spot = { x: start.x, y: start.y + i * 40 };
    if (!overlaps(spot)) return spot;
  }
  return start;
}

/**
 * Adds a node right after `afterId` and connects it, when that node's single output is
 * free: clicking "Add message" with a node selected continues the journey from there.
 * Otherwise behaves like addNodeTo at `fallback`.
 */
export function addNodeAfter(
  graph: TGraph,
  type: TNodeType,
  afterId: string | undefined,
  fallback: { x: number; y: number } | undefined,
): { graph: TGraph; id: string } {
  const after = graph.nodes.find((n) => n.id === afterId);
  const chainable = after !== undefined && ['start', 'message', 'wait'].includes(after.type) && type !== 'start';
  const free = chainable && !graph.edges.some((e) => e.source === after.id && handleKey(e.sourceHandle) === '');
  if (!free || after === undefined) return addNodeTo(graph, type, freeSpot(graph.nodes, fallback));
  const added = addNodeTo(graph, type, freeSpot(graph.nodes, { x: after.position.x + 320, y: after.position.y }));
  return { graph: connectEdge(added.graph, { source: after.id, target: added.id }), id: added.id };
}
