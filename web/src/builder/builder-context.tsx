import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { TemporalState } from 'zundo';
import type { TContent } from './content';
import type { TBuilderState, TBuilderStore } from './store';

const BuilderContext = createContext<TBuilderStore | undefined>(undefined);

/** Makes one builder store available to the toolbar, canvas and side panel below it. */
export function BuilderStoreProvider({ store, children }: { store: TBuilderStore; children: ReactNode }) {
  return <BuilderContext.Provider value={store}>{children}</BuilderContext.Provider>;
}

/** The surrounding builder's store (for actions and imperative reads). */
export function useBuilderStore(): TBuilderStore {
  const store = useContext(BuilderContext);
  if (store === undefined) throw new Error('useBuilderStore must be used inside <JourneyBuilder>');
  return store;
}

/**
 * Reads a slice of the builder state. Select the smallest thing you need (an id, one
 * node's data): the component re-renders only when that slice changes.
 */
export function useBuilder<T>(selector: (state: TBuilderState) => T): T {
  return useStore(useBuilderStore(), selector);
}

/** Reads a slice of the undo/redo history. */
export function useHistory<T>(selector: (state: TemporalState<TContent>) => T): T {
  return useStore(useBuilderStore().temporal, selector);
}
