import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { TProblem } from '../../../../core/index.js';
import { useBuilderStore } from '../builder-context';
import { FIT_PADDING } from './fit-view';

/** Selects what a problem is about and brings it into view (node, or both ends of an edge). */
export function useFocusProblem(): (problem: TProblem) => void {
  const store = useBuilderStore();
  const { fitView } = useReactFlow();
  return useCallback(
    (problem: TProblem) => {
      const state = store.getState();
      // An edge problem selects the edge, so the side panel offers to delete it even when
      // React Flow cannot draw it (e.g. it leaves from a branch that no longer exists).
      const hasEdge = problem.edgeId !== undefined && state.edges.some((e) => e.id === problem.edgeId);
      if (!hasEdge && problem.nodeId !== undefined && state.nodes.some((n) => n.id === problem.nodeId)) {
        state.select({ nodeId: problem.nodeId });
        void fitView({ padding: FIT_PADDING, nodes: [{ id: problem.nodeId }], duration: 300, maxZoom: 1.2 });
        return;
      }
      const edge = state.edges.find((e) => e.id === problem.edgeId);
      if (edge === undefined) return;
      state.select({ edgeId: edge.id });
      const ends = [edge.source, edge.target].filter((id) => state.nodes.some((n) => n.id === id));
      if (ends.length > 0)
        void fitView({ padding: FIT_PADDING, nodes: ends.map((id) => ({ id })), duration: 300, maxZoom: 1.2 });
    },
    [store, fitView],
  );
}
