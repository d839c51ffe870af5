import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { temporal, type TemporalState } from 'zundo';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TNodeType } from '../../../core/index.js';
import { sameContent, type TContent } from './content';
import {
  addNodeAfter,
  connectEdge,
  removeElements,
  removeSelected,
  selectOnly,
  updateNodeDataIn,
  type TConnection,
} from './graph-ops';
import { layoutFlow } from './layout';
import type { TFlowNode, TGoalDraft } from './types';

/** Edits of one node's same fields closer together than this form one undo step (typing). */
export const COALESCE_MS = 1000;
/** Undo steps kept. */
export const HISTORY_LIMIT = 100;

/** The builder's state and actions. Undo/redo lives in `store.temporal` (zundo). */
export interface TBuilderState extends TContent {
  /** The content last saved (or loaded); `selectDirty` compares against it. */
  saved: TContent;
  setName: (name: string) => void;
  /** Sets the journey's goal; null removes it. */
  setGoal: (goal: TGoalDraft | null) => void;
  /**
   * Adds a node with default data, selects it and returns its id. With `after`, a node
   * whose single output is free, the new node goes right of it and is connected to it.
   */
  addNode: (type: TNodeType, position?: { x: number; y: number }, after?: string) => string;
  /** Merges into a node's data; a key set to undefined is removed. */
  updateNodeData: (id: string, patch: Record<string, unknown>) => void;
  /** Draws an edge, replacing the one already on that source handle. */
  connect: (connection: TConnection) => void;
  /** Deletes selected nodes (never start), selected edges and edges of deleted nodes. */
  deleteSelection: () => void;
  deleteElements: (ids: { nodeIds?: string[]; edgeIds?: string[] }) => void;
  onNodesChange: (changes: NodeChange<TFlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  select: (target: { nodeId?: string; edgeId?: string }) => void;
  autoLayout: () => void;
  /** Called on drag start and stop so a whole drag is one undo step. */
  beginDrag: () => void;
  endDrag: () => void;
  /** Records what was saved: the content at save time, which may be older than now. */
  markSaved: (snapshot?: TContent) => void;
}

export type TBuilderStore = StoreApi<TBuilderState> & { temporal: StoreApi<TemporalState<TContent>> };

export interface TBuilderStoreOptions {
  /** Clock for grouping keystrokes into one undo step; tests pass a fake. */
  now?: () => number;
}

/** The saved parts of the state. */
export function contentOf(state: TContent): TContent {
  return { name: state.name, nodes: state.nodes, edges: state.edges, goal: state.goal ?? null };
}

/** Whether there are edits since the last save. */
export function selectDirty(state: TBuilderState): boolean {
  return !sameContent(state.saved, state);
}

/** Creates one builder's store. One per builder on screen: nothing is module-global. */
export function createBuilderStore(initial: TContent, options: TBuilderStoreOptions = {}): TBuilderStore {
  const now = options.now ?? (() => Date.now());
  let lastEdit: { id: string; keys: string; at: number; depth: number } | undefined;
  let dragStart: TContent | undefined;

  // Actions reach the history through `store`, which exists by the time any action runs.
  const store: TBuilderStore = createStore<TBuilderState>()(
    temporal<TBuilderState, [], [], TContent>(
      (set, get) => {
        // Applies a change without recording an undo step.
        const silently = (partial: Partial<TBuilderState>) => {
          const history = store.temporal.getState();
          const tracking = history.isTracking;
          if (tracking) history.pause();
          set(partial);
          if (tracking) history.resume();
        };
        // Typing: edits of the same fields of the same thing in quick succession are one step.
        // An undo or redo in between (history depth changed) also starts a new step.
        const edit = (target: string, keys: string, next: Partial<TBuilderState>) => {
          const at = now();
          const history = store.temporal.getState();
          const typing =
            lastEdit !== undefined &&
            lastEdit.id === target &&
            lastEdit.keys === keys &&
            at - lastEdit.at < COALESCE_MS &&
            lastEdit.depth === history.pastStates.length &&
            history.futureStates.length === 0;
          if (typing) silently(next);
          else set(next);
          lastEdit = { id: target, keys, at, depth: store.temporal.getState().pastStates.length };
        };
        const graph = () => ({ nodes: get().nodes, edges: get().edges });
        // Any other edit ends a run of typing, so typing after it is its own undo step.
        const track = (next: Partial<TBuilderState>) => {
          lastEdit = undefined;
          set(next);
        };
        const setGraph = (next: { nodes: TFlowNode[]; edges: TContent['edges'] }) => {
          if (next.nodes !== get().nodes || next.edges !== get().edges) track(next);
        };
        return {
          ...contentOf(initial),
          saved: contentOf(initial),
          setName: (name) => edit('\u0000name', 'name', { name }),
          // Typing in one goal field is one undo step; switching its kind or match is another.
          setGoal: (goal) =>
            edit('\u0000goal', goal === null ? 'none' : `${goal.kind}:${'match' in goal ? goal.match : ''}`, {
              goal,
            }),
          addNode: (type, position, after) => {
            const added = addNodeAfter(graph(), type, after, position);
            track(selectOnly(added.graph, { nodeId: added.id }));
            return added.id;
          },
          updateNodeData: (id, patch) =>
            edit(id, Object.keys(patch).sort().join(','), updateNodeDataIn(graph(), id, patch)),
          connect: (connection) => setGraph(connectEdge(graph(), connection)),
          deleteSelection: () => setGraph(removeSelected(graph())),
          deleteElements: ({ nodeIds = [], edgeIds = [] }) =>
            setGraph(removeElements(graph(), new Set(nodeIds), new Set(edgeIds))),
          // Removals are left out: deleting goes through deleteSelection so a node and its
          // edges disappear in one undo step and the start node stays.
          onNodesChange: (changes) => {
            const kept = changes.filter((c) => c.type !== 'remove');
            if (kept.length > 0) set({ nodes: applyNodeChanges(kept, get().nodes) });
          },
          onEdgesChange: (changes) => {
            const kept = changes.filter((c) => c.type !== 'remove');
            if (kept.length > 0) set({ edges: applyEdgeChanges(kept, get().edges) });
          },
          select: (target) => setGraph(selectOnly(graph(), target)),
          autoLayout: () => track({ nodes: layoutFlow(get().nodes, get().edges) }),
          beginDrag: () => {
            if (dragStart !== undefined) return;
            dragStart = contentOf(get());
            store.temporal.getState().pause();
          },
          endDrag: () => {
            const before = dragStart;
            if (before === undefined) return;
            dragStart = undefined;
            const history = store.temporal.getState();
            history.resume();
            // The moves were applied untracked; the state from before the drag becomes one step.
            if (!sameContent(before, get())) {
              store.temporal.setState({
                pastStates: [...history.pastStates, before].slice(-HISTORY_LIMIT),
                futureStates: [],
              });
            }
          },
          markSaved: (snapshot) => set({ saved: snapshot ?? contentOf(get()) }),
        };
      },
      {
        partialize: contentOf,
        // Selection, measuring and `saved` changes are not edits and make no undo step.
        equality: sameContent,
        limit: HISTORY_LIMIT,
      },
    ),
  );
  return store;
}
