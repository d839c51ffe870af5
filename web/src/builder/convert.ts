import {
  NODE_TYPES,
  EXACT_REPLY_MATCHES,
  type TJourney,
  type TJourneyEdge,
  type TJourneyNode,
  type TNodeType,
} from '../../../core/index.js';
import type { TFlow, TFlowEdge, TFlowNode, TGoalDraft, TJourneyLike } from './types';

type TRecord = Record<string, unknown>;

function isRecord(value: unknown): value is TRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNodeType(value: unknown): value is TNodeType {
  return NODE_TYPES.some((type) => type === value);
}

function records(value: unknown): TRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/**
 * Gives stored node data the fields the node components read, so a journey saved by an
 * older builder (or by hand) opens instead of crashing. Valid data passes unchanged;
 * bad values are left for validateJourney to report, never silently "fixed".
 */
function normalizeData(type: TNodeType, raw: unknown): TRecord {
  const data: TRecord = isRecord(raw) ? { ...raw } : {};
  switch (type) {
    case 'message':
      if (typeof data.contentSid === 'string') {
        if (!isRecord(data.contentVariables)) data.contentVariables = {};
      } else if (typeof data.body !== 'string') {
        data.body = '';
      }
      break;
    case 'wait':
      if (typeof data.duration !== 'string') data.duration = '';
      break;
    case 'waitForReply':
      if (typeof data.timeout !== 'string') data.timeout = '';
      data.branches = records(data.branches);
      break;
    case 'condition':
      data.rules = records(data.rules);
      break;
    case 'split':
      data.branches = records(data.branches);
      break;
    case 'start':
    case 'end':
      break;
  }
  return data;
}

function toPosition(raw: unknown): { x: number; y: number } {
  if (isRecord(raw) && Number.isFinite(raw.x) && Number.isFinite(raw.y)) return { x: Number(raw.x), y: Number(raw.y) };
  return { x: 0, y: 0 };
}

function toFlowNode(raw: unknown): TFlowNode | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '' || !isNodeType(raw.type)) return undefined;
  const node = {
    id: raw.id,
    type: raw.type,
    position: toPosition(raw.position),
    data: normalizeData(raw.type, raw.data),
  };
  // The start node has no input and must stay: React Flow should not offer to delete it.
  return (raw.type === 'start' ? { ...node, deletable: false } : node) as TFlowNode;
}

function toFlowEdge(raw: unknown): TFlowEdge | undefined {
  if (!isRecord(raw)) return undefined;
  const { id, source, target, sourceHandle } = raw;
  if (typeof id !== 'string' || typeof source !== 'string' || typeof target !== 'string') return undefined;
  // React Flow reports the unnamed output as null; "" and a missing key mean the same.
  const handle = typeof sourceHandle === 'string' && sourceHandle !== '' ? sourceHandle : null;
  return { id, source, target, sourceHandle: handle };
}

/**
 * Turns a stored journey into React Flow nodes and edges: node `type` is the journey node
 * type, data is copied, edges keep their sourceHandle. Nodes of unknown type and
 * malformed edges are dropped, since the canvas cannot draw them.
 */
export function journeyToFlow(journey: TJourneyLike): TFlow {
  const nodes = journey.nodes.map(toFlowNode).filter((n): n is TFlowNode => n !== undefined);
  const edges = journey.edges.map(toFlowEdge).filter((e): e is TFlowEdge => e !== undefined);
  return { nodes, edges };
}

/** Drops keys whose value is undefined, so the JSON sent equals the object compared. */
function definedOnly(data: object): TRecord {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}

/**
 * The journey the API and workflow understand: only id, type, position and data of each
 * node (no selected, measured, dragging, width/height, style...), and each edge's
 * sourceHandle only when it names a handle (core reads a missing one as the default).
 */
export function flowToJourney(
  name: string,
  nodes: readonly TFlowNode[],
  edges: readonly TFlowEdge[],
  goal?: TGoalDraft | null,
): TJourney {
  return {
    name,
    nodes: nodes.map(
      (node) =>
        ({
          id: node.id,
          type: node.type,
          position: { x: node.position.x, y: node.position.y },
          data: definedOnly(node.data),
        }) as TJourneyNode,
    ),
    edges: edges.map((edge): TJourneyEdge => {
      const base = { id: edge.id, source: edge.source, target: edge.target };
      return edge.sourceHandle ? { ...base, sourceHandle: edge.sourceHandle } : base;
    }),
    ...(goal ? { goal: definedOnly(goal) as TGoalDraft } : {}),
  };
}

/**
 * A stored goal as the goal form reads it, or null for none. Like node data, a value the
 * form cannot show is given a blank to fill in, and bad values are left for validateJourney.
 */
export function goalDraftOf(raw: unknown): TGoalDraft | null {
  if (!isRecord(raw)) return null;
  const window = typeof raw.window === 'string' ? raw.window : '';
  if (raw.kind === 'event') return { kind: 'event', event: typeof raw.event === 'string' ? raw.event : '', window };
  if (raw.kind !== 'reply') return null;
  const match = EXACT_REPLY_MATCHES.find((m) => m === raw.match) ?? 'contains';
  return typeof raw.value === 'string'
    ? { kind: 'reply', match, value: raw.value, window }
    : { kind: 'reply', match, window };
}

/**
 * Whether stored positions are useless (every node at one point, as when a journey was
 * written by hand or by the API), so the builder should lay the graph out on open.
 */
export function needsLayout(nodes: readonly TFlowNode[]): boolean {
  if (nodes.length < 2) return false;
  const first = nodes[0]?.position;
  return nodes.every((n) => n.position.x === first?.x && n.position.y === first.y);
}
