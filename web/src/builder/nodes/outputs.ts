import { ELSE_HANDLE, NO_MATCH_HANDLE, TIMEOUT_HANDLE } from '../../../../core/index.js';
import { branchDetail, branchLabel, builtInHandleLabel, ruleSentence } from '../describe';
import type { TNodeView } from '../types';

/** One outgoing handle of a node. `id` null is the node's single unnamed output. */
export interface TOutput {
  id: string | null;
  label: string;
  detail?: string;
  /** Built-in outcomes (no match, timeout, otherwise) read differently from user branches. */
  builtIn?: boolean;
}

const SINGLE: readonly TOutput[] = [{ id: null, label: 'next' }];

/**
 * A node's outputs top to bottom, labelled: one per reply branch then "no match" and
 * "after 1 day"; one per condition rule then "otherwise"; one per split branch with its
 * percent. The canvas draws them and auto-layout stacks branch targets in this order.
 */
export function nodeOutputs(node: TNodeView): readonly TOutput[] {
  switch (node.type) {
    case 'start':
    case 'message':
    case 'wait':
      return SINGLE;
    case 'waitForReply':
      return [
        ...node.data.branches.map((b) => ({ id: b.id, label: branchLabel(b), detail: branchDetail(b) })),
        { id: NO_MATCH_HANDLE, label: builtInHandleLabel(NO_MATCH_HANDLE), builtIn: true },
        { id: TIMEOUT_HANDLE, label: builtInHandleLabel(TIMEOUT_HANDLE, node.data.timeout), builtIn: true },
      ];
    case 'condition':
      return [
        ...node.data.rules.map((rule) => ({ id: rule.id, label: `if ${ruleSentence(rule)}` })),
        { id: ELSE_HANDLE, label: builtInHandleLabel(ELSE_HANDLE), builtIn: true },
      ];
    case 'split':
      return node.data.branches.map((b) => ({ id: b.id, label: `${b.id.toUpperCase()} · ${b.percent}%` }));
    case 'end':
      return [];
  }
}
