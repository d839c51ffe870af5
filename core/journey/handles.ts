import { ELSE_HANDLE, NO_MATCH_HANDLE, TIMEOUT_HANDLE } from './constants.js';
import type { TJourneyNode } from './schema.js';

/** Key of a node's single, unnamed output (React Flow sends sourceHandle null). */
export const DEFAULT_HANDLE = '';

/** Which source handles a node has and which of them must be connected. */
export interface THandleSpec {
  allowed: readonly string[];
  required: readonly string[];
  /** start, message and wait have one unnamed output that may carry at most one edge. */
  singleOutput: boolean;
}

/** Maps an edge's sourceHandle to a handle key: null, undefined and "" all mean the default output. */
export function handleKey(sourceHandle: string | null | undefined): string {
  return sourceHandle ?? DEFAULT_HANDLE;
}

function single(required: boolean): THandleSpec {
  return { allowed: [DEFAULT_HANDLE], required: required ? [DEFAULT_HANDLE] : [], singleOutput: true };
}

function named(ids: readonly string[], extraAllowed: readonly string[], extraRequired: readonly string[]): THandleSpec {
  return { allowed: [...ids, ...extraAllowed], required: [...ids, ...extraRequired], singleOutput: false };
}

/**
 * The handles of a node. A message or wait may end the journey (no out edge); start,
 * waitForReply, condition and split must connect every outcome so no contact is stranded.
 */
export function nodeHandles(node: TJourneyNode): THandleSpec {
  switch (node.type) {
    case 'start':
      return single(true);
    case 'message':
    case 'wait':
      return single(false);
    case 'waitForReply': {
      const ids = node.data.branches.map((b) => b.id);
      return named(ids, [TIMEOUT_HANDLE, NO_MATCH_HANDLE], [TIMEOUT_HANDLE]);
    }
    case 'condition':
      return named(
        node.data.rules.map((r) => r.id),
        [ELSE_HANDLE],
        [ELSE_HANDLE],
      );
    case 'split':
      return named(
        node.data.branches.map((b) => b.id),
        [],
        [],
      );
    case 'end':
      return { allowed: [], required: [], singleOutput: false };
  }
}

/** How a handle key reads in messages: the default output has no name. */
export function describeHandle(key: string): string {
  return key === DEFAULT_HANDLE ? 'its output' : `handle "${key}"`;
}
