import type { TProblem } from '../../../core/index.js';
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStatusStore, type TStatusStore } from './status-store';
import type { TNodeFunnel } from './types';

const fallback = createStatusStore();
const StatusContext = createContext<TStatusStore>(fallback);
const NONE: readonly TProblem[] = [];

/** Gives the node components below it their problems, counts and read-only flag. */
export function NodeStatusProvider({ store, children }: { store: TStatusStore; children: ReactNode }) {
  return <StatusContext.Provider value={store}>{children}</StatusContext.Provider>;
}

/** The status store of the surrounding builder or graph. */
export function useStatusStore(): TStatusStore {
  return useContext(StatusContext);
}

/** Problems marking one node; the same array until they change. */
export function useNodeProblems(id: string): readonly TProblem[] {
  return useStore(useStatusStore(), (s) => s.index.byNode.get(id) ?? NONE);
}

/** Live counts of one node, or undefined outside the run dashboard. */
export function useNodeCounts(id: string): { here: number; passed: number } | undefined {
  const store = useStatusStore();
  const here = useStore(store, (s) => (s.counts === undefined ? undefined : (s.counts.atNode[id] ?? 0)));
  const passed = useStore(store, (s) => s.counts?.visitedNode[id] ?? 0);
  return here === undefined ? undefined : { here, passed };
}

/** One node's funnel in the run dashboard, or undefined before it is loaded (and in the builder). */
export function useNodeFunnel(id: string): TNodeFunnel | undefined {
  return useStore(useStatusStore(), (s) => s.counts?.funnel?.[id]);
}

/** Whether nodes are shown read-only (run dashboard). */
export function useReadOnly(): boolean {
  return useStore(useStatusStore(), (s) => s.readOnly);
}
