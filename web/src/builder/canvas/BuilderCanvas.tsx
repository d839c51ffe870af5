import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type IsValidConnection,
} from '@xyflow/react';
import { useCallback, useMemo, type DragEvent } from 'react';
import { useStore } from 'zustand';
import { NODE_TYPES, type TNodeType } from '../../../../core/index.js';
import { useBuilder, useBuilderStore } from '../builder-context';
import { canConnect } from '../graph-ops';
import { NODE_COLORS } from '../nodes/node-style';
import { nodeTypes } from '../nodes/node-types';
import { useStatusStore } from '../status-context';
import type { TFlowNode } from '../types';
import { decorateEdges } from './edge-style';
import { DND_NODE_TYPE } from './Palette';
import { FIT_PADDING } from './fit-view';

const edgeOptions: DefaultEdgeOptions = { type: 'smoothstep', markerEnd: { type: MarkerType.ArrowClosed } };
const minimapColor = (node: TFlowNode) => NODE_COLORS[node.type];

function isNodeType(value: string): value is TNodeType {
  return NODE_TYPES.some((type) => type === value);
}

/** The editable canvas: nodes and edges from the store, changes back into it. */
export function BuilderCanvas({ fitOnOpen }: { fitOnOpen: boolean }) {
  const store = useBuilderStore();
  const nodes = useBuilder((s) => s.nodes);
  const edges = useBuilder((s) => s.edges);
  const byEdge = useStore(useStatusStore(), (s) => s.index.byEdge);
  const shownEdges = useMemo(() => decorateEdges(edges, byEdge), [edges, byEdge]);
  const { screenToFlowPosition } = useReactFlow();
  // Store actions never change identity, so React Flow gets stable handlers.
  const actions = store.getState();

  const isValidConnection = useCallback<IsValidConnection>(
    (c) =>
      canConnect(store.getState().nodes, { source: c.source, target: c.target, sourceHandle: c.sourceHandle ?? null }),
    [store],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_NODE_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DND_NODE_TYPE);
      if (!isNodeType(type)) return;
      e.preventDefault();
      store.getState().addNode(type, screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [store, screenToFlowPosition],
  );

  return (
    <ReactFlow<TFlowNode>
      nodes={nodes}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      onNodesChange={actions.onNodesChange}
      onEdgesChange={actions.onEdgesChange}
      onConnect={actions.connect}
      isValidConnection={isValidConnection}
      onNodeDragStart={actions.beginDrag}
      onNodeDragStop={actions.endDrag}
      onSelectionDragStart={actions.beginDrag}
      onSelectionDragStop={actions.endDrag}
      onDragOver={onDragOver}
      onDrop={onDrop}
      // Deleting goes through the store (one undo step, start kept): see useShortcuts.
      deleteKeyCode={null}
      defaultEdgeOptions={edgeOptions}
      fitView={fitOnOpen}
      fitViewOptions={{ maxZoom: 1, padding: FIT_PADDING }}
      minZoom={0.1}
      maxZoom={2}
      aria-label="Journey canvas"
    >
      <Background gap={20} />
      <Controls aria-label="Zoom controls" />
      <MiniMap<TFlowNode>
        pannable
        zoomable
        nodeColor={minimapColor}
        ariaLabel="Journey overview map"
        style={{ width: 150, height: 100 }}
      />
    </ReactFlow>
  );
}
