import { handleKey } from './handles.js';
import type { TJourney, TJourneyNode } from './schema.js';

/** Lookup tables for walking a validated journey. */
export interface TJourneyGraph {
  nodes: ReadonlyMap<string, TJourneyNode>;
  /** The start node's id, or undefined if the journey has none. */
  startId: string | undefined;
  /** nodeId -> handle key ("" for the default output) -> target node id. */
  out: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * Indexes a journey for the workflow interpreter. Meant for journeys that passed
 * validateJourney; on duplicates the first node or edge wins.
 */
export function buildGraph(journey: TJourney): TJourneyGraph {
  const nodes = new Map<string, TJourneyNode>();
  for (const node of journey.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const out = new Map<string, Map<string, string>>();
  for (const edge of journey.edges) {
    const byHandle = out.get(edge.source) ?? new Map<string, string>();
    const key = handleKey(edge.sourceHandle);
    if (!byHandle.has(key)) byHandle.set(key, edge.target);
    out.set(edge.source, byHandle);
  }
  const startId = journey.nodes.find((node) => node.type === 'start')?.id;
  return { nodes, startId, out };
}

/**
 * The node reached from nodeId through a handle (omit it for a single-output node), or
 * undefined when nothing is connected there, which for a message or wait ends the journey.
 */
export function nextNodeId(graph: TJourneyGraph, nodeId: string, handle?: string | null): string | undefined {
  return graph.out.get(nodeId)?.get(handleKey(handle));
}
