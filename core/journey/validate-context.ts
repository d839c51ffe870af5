import { NODE_TYPES, type TNodeType } from './constants.js';
import type { TJourneyEdge, TJourneyNode } from './schema.js';

/**
 * A submitted node as the graph checks see it. A node whose data failed the schema keeps
 * its id (and type, if known) so edges to it are not also reported as dangling.
 */
export interface TNodeInfo {
  id: string;
  index: number;
  type: TNodeType | undefined;
  node: TJourneyNode | undefined;
}

export interface TEdgeInfo {
  edge: TJourneyEdge;
  index: number;
}

export interface TValidationContext {
  nodes: readonly TNodeInfo[];
  /** First node with each id; later duplicates are reported, not indexed. */
  byId: ReadonlyMap<string, TNodeInfo>;
  edges: readonly TEdgeInfo[];
}

function field(raw: unknown, key: string): unknown {
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
}

/** The id of a raw node or edge, if it has a usable one. */
export function rawId(raw: unknown): string | undefined {
  const id = field(raw, 'id');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Graph view of a raw node: full when parsed, a skeleton when only id/type are usable. */
export function nodeInfo(raw: unknown, index: number, node: TJourneyNode | undefined): TNodeInfo | undefined {
  if (node !== undefined) return { id: node.id, index, type: node.type, node };
  const id = rawId(raw);
  if (id === undefined) return undefined;
  const type = field(raw, 'type');
  const known = NODE_TYPES.find((t) => t === type);
  return { id, index, type: known, node: undefined };
}

export function buildContext(nodes: TNodeInfo[], edges: TEdgeInfo[]): TValidationContext {
  const byId = new Map<string, TNodeInfo>();
  for (const info of nodes) if (!byId.has(info.id)) byId.set(info.id, info);
  return { nodes, byId, edges };
}
