import Box from '@mui/material/Box';
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, type DefaultEdgeOptions } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { journeyToFlow, needsLayout } from './convert';
import { layoutFlow } from './layout';
import { nodeTypes } from './nodes/node-types';
import { NodeStatusProvider } from './status-context';
import { createStatusStore } from './status-store';
import type { TFlowNode, TJourneyLike, TNodeCounts } from './types';
import { FIT_PADDING } from './canvas/fit-view';

export interface TJourneyGraphProps {
  /** The journey (version) as stored. */
  journey: TJourneyLike;
  /** Live counts; every node shows "N here now · M passed" when given. */
  counts?: TNodeCounts | undefined;
  /** Called with a node's id when it is clicked or activated with Enter. */
  onNodeClick?: ((nodeId: string) => void) | undefined;
}

const edgeOptions: DefaultEdgeOptions = { type: 'smoothstep', markerEnd: { type: MarkerType.ArrowClosed } };

/**
 * A read-only view of a journey with the builder's node components, fitted to its parent
 * (which must have a height). For the run dashboard: counts on every node, clickable.
 */
export function JourneyGraph({ journey, counts, onNodeClick }: TJourneyGraphProps) {
  const [status] = useState(() => createStatusStore({ readOnly: true, counts }));
  useEffect(() => status.setState({ counts }), [status, counts]);
  const flow = useMemo(() => {
    const { nodes, edges } = journeyToFlow(journey);
    return { nodes: needsLayout(nodes) ? layoutFlow(nodes, edges) : nodes, edges };
  }, [journey]);
  // React Flow's onNodeClick is mouse-only; focused nodes open with Enter too.
  const onKeyDown = (e: KeyboardEvent) => {
    const id =
      e.key === 'Enter' && e.target instanceof HTMLElement
        ? e.target.closest('.react-flow__node')?.getAttribute('data-id')
        : null;
    if (id) onNodeClick?.(id);
  };
  return (
    <Box
      sx={{ height: '100%', minHeight: 240, '& .react-flow__node': { cursor: onNodeClick ? 'pointer' : 'default' } }}
      onKeyDown={onKeyDown}
    >
      <ReactFlowProvider>
        <NodeStatusProvider store={status}>
          <ReactFlow<TFlowNode>
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            defaultEdgeOptions={edgeOptions}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            deleteKeyCode={null}
            onNodeClick={(_, node) => onNodeClick?.(node.id)}
            fitView
            fitViewOptions={{ maxZoom: 1, padding: FIT_PADDING }}
            minZoom={0.1}
            aria-label="Journey graph"
          >
            <Background gap={20} />
            <Controls showInteractive={false} aria-label="Zoom controls" />
          </ReactFlow>
        </NodeStatusProvider>
      </ReactFlowProvider>
    </Box>
  );
}
