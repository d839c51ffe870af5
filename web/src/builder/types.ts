import type { Edge, Node } from '@xyflow/react';
import type { TJourneyGoal, TJourneyNode, TNodeType } from '../../../core/index.js';

/** The data of one journey node type, as core's schema describes it. */
export type TNodeData<K extends TNodeType> = Extract<TJourneyNode, { type: K }>['data'];

/** A React Flow node of one journey node type. */
export type TFlowNodeOf<K extends TNodeType> = Node<TNodeData<K>, K>;

/**
 * A canvas node: a journey node plus React Flow's UI keys (selected, measured...). Its data
 * keeps the schema's shape while the user edits, though values may fail validation.
 */
export type TFlowNode = { [K in TNodeType]: TFlowNodeOf<K> }[TNodeType];

/** A canvas edge. `sourceHandle` null is the source node's single unnamed output. */
export type TFlowEdge = Edge;

/** A node's id, type and data, discriminated by type: what forms and outputs need. */
export type TNodeView = { [K in TNodeType]: { id: string; type: K; data: TNodeData<K> } }[TNodeType];

/** What the canvas holds: nodes and edges in React Flow's shape. */
export interface TFlow {
  nodes: TFlowNode[];
  edges: TFlowEdge[];
}

/** A journey as the API stores it: nodes and edges as the builder sent them, unchecked. */
export interface TJourneyLike {
  name?: string;
  nodes: readonly unknown[];
  edges: readonly unknown[];
  /** The goal as stored (loosely checked); null or absent: none. */
  goal?: unknown;
}

/**
 * The journey's goal while the user edits it: the schema's shape, though values (a half
 * typed pattern, an empty event name) may fail validation, as node data may.
 */
export type TGoalDraft = TJourneyGoal;

/** Live counts shown on nodes in the run dashboard, keyed by node id. */
export interface TNodeCounts {
  /** Contacts currently at the node. */
  atNode: Record<string, number>;
  /** Contacts that have passed through the node. */
  visitedNode: Record<string, number>;
  /** The run's funnel per node (GET /api/runs/:id/analytics), when loaded. */
  funnel?: Record<string, TNodeFunnel> | undefined;
}

/** One node's funnel in a run: messages sent, delivered and failed, replies, conversions. */
export interface TNodeFunnel {
  sent: number;
  delivered: number;
  failed: number;
  /** Wait-for-reply nodes only; null elsewhere. */
  replied: number | null;
  converted: number;
  /** Whether the run has a goal: without one, nothing converts and conversions are not shown. */
  hasGoal: boolean;
}
