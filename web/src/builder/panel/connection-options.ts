import { handleKey } from '../../../../core/index.js';
import { NODE_TITLES } from '../describe';
import type { TFlowEdge, TFlowNode } from '../types';

export interface TTargetOption {
  id: string;
  label: string;
}

/** How a node is named in a list: its label if it has one, else its type, with its id. */
export function nodeOptionLabel(node: Pick<TFlowNode, 'id' | 'type' | 'data'>): string {
  const label =
    typeof node.data.label === 'string' && node.data.label.trim() !== ''
      ? node.data.label.trim()
      : NODE_TITLES[node.type];
  return `${label} (${node.id})`;
}

/** The nodes an output of `sourceId` may lead to: any other node but the start, in canvas order. */
export function targetOptions(
  nodes: readonly Pick<TFlowNode, 'id' | 'type' | 'data'>[],
  sourceId: string,
): TTargetOption[] {
  return nodes
    .filter((n) => n.id !== sourceId && n.type !== 'start')
    .map((n) => ({ id: n.id, label: nodeOptionLabel(n) }));
}

/** The node an output (`handle` null: the single unnamed one) of `sourceId` leads to now, or ''. */
export function currentTarget(edges: readonly TFlowEdge[], sourceId: string, handle: string | null): string {
  const key = handleKey(handle);
  return edges.find((e) => e.source === sourceId && handleKey(e.sourceHandle) === key)?.target ?? '';
}
