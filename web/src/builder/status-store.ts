import { createStore, type StoreApi } from 'zustand/vanilla';
import { NO_PROBLEMS, type TProblemIndex } from './problems';
import type { TNodeCounts } from './types';

/**
 * What nodes show besides their data: validation problems (builder) or live counts (run
 * dashboard). Kept apart from the graph so a node re-renders only when its own status
 * changes, and so the same node components serve both views.
 */
export interface TNodeStatus {
  index: TProblemIndex;
  counts: TNodeCounts | undefined;
  /** The run dashboard's graph: handles do not connect and nothing is edited. */
  readOnly: boolean;
}

export type TStatusStore = StoreApi<TNodeStatus>;

/** A status store; one per builder or graph on screen. */
export function createStatusStore(initial: Partial<TNodeStatus> = {}): TStatusStore {
  return createStore<TNodeStatus>()(() => ({ index: NO_PROBLEMS, counts: undefined, readOnly: false, ...initial }));
}
