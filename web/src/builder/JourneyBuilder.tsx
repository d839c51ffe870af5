import Box from '@mui/material/Box';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TJourney, TNodeType } from '../../../core/index.js';
import { BuilderStoreProvider, useBuilder, useBuilderStore } from './builder-context';
import { BuilderCanvas } from './canvas/BuilderCanvas';
import { Palette } from './canvas/Palette';
import { Toolbar, type TSaveState } from './canvas/Toolbar';
import { useLiveValidation } from './canvas/use-live-validation';
import { useShortcuts, useWarnOnLeave } from './canvas/use-shortcuts';
import { flowToJourney, goalDraftOf, journeyToFlow, needsLayout } from './convert';
import { layoutFlow } from './layout';
import { SidePanel } from './panel/SidePanel';
import { NodeStatusProvider, useStatusStore } from './status-context';
import { createStatusStore } from './status-store';
import { contentOf, createBuilderStore, selectDirty } from './store';
import type { TJourneyLike } from './types';
import { FIT_PADDING } from './canvas/fit-view';

export interface TJourneyBuilderProps {
  /** The journey to edit, as stored. Read once on mount: remount (key) to load another. */
  initial: TJourneyLike & { name: string };
  /** Contact fields known at launch (e.g. a CSV header); when given, other variables are problems. */
  variables?: readonly string[] | undefined;
  /** Whether the deployment can classify replies by intent (GET /api/config); false makes intent branches problems. */
  intentClassifier?: boolean | undefined;
  /** Saves the journey; reject to keep the changes marked unsaved. */
  onSave: (journey: TJourney) => Promise<void>;
  /** Shown as a Launch button, enabled once the journey is valid and saved. */
  onLaunch?: (() => void) | undefined;
  /** Shown as a "Test on my phone" button, enabled when Launch is. */
  onTest?: (() => void) | undefined;
  /** The parent's own saving flag, e.g. a mutation's isPending. */
  saving?: boolean | undefined;
  /** Told whenever the journey gains or loses unsaved changes, e.g. to block navigating away. */
  onDirtyChange?: ((dirty: boolean) => void) | undefined;
}

function useSave(onSave: TJourneyBuilderProps['onSave']) {
  const store = useBuilderStore();
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  const save = useCallback(async () => {
    if (busy.current) return;
    // What is saved is this snapshot; edits made while the request runs stay unsaved.
    const snapshot = contentOf(store.getState());
    busy.current = true;
    setPending(true);
    setFailed(false);
    try {
      await onSave(flowToJourney(snapshot.name, snapshot.nodes, snapshot.edges, snapshot.goal));
      store.getState().markSaved(snapshot);
    } catch {
      // The caller reports the reason (toast); the builder keeps the edits and says so.
      setFailed(true);
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, [store, onSave]);
  return { save, pending, failed };
}

function BuilderLayout({
  variables,
  intentClassifier,
  onSave,
  onLaunch,
  onTest,
  saving,
  onDirtyChange,
}: Omit<TJourneyBuilderProps, 'initial'>) {
  const store = useBuilderStore();
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const dirty = useBuilder(selectDirty);
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const { save, pending, failed } = useSave(onSave);
  const { fitView, getZoom, screenToFlowPosition } = useReactFlow();
  useLiveValidation(store, useStatusStore(), variables, intentClassifier);
  const requestSave = useCallback(() => void save(), [save]);
  useShortcuts(store, rootRef, requestSave);
  useWarnOnLeave(dirty);

  const saveState: TSaveState = pending || saving === true ? 'saving' : !dirty ? 'saved' : failed ? 'failed' : 'dirty';

  const addFromPalette = useCallback(
    (type: TNodeType) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      const centre =
        rect && screenToFlowPosition({ x: rect.left + rect.width / 2 - 130, y: rect.top + rect.height / 3 });
      const state = store.getState();
      const selected = state.nodes.filter((n) => n.selected);
      const after = selected.length === 1 ? selected[0]?.id : undefined;
      const id = state.addNode(type, centre, after);
      // A node chained after the selection may land off screen: follow it at the same zoom.
      if (after !== undefined) {
        const zoom = getZoom();
        requestAnimationFrame(
          () =>
            void fitView({
              padding: FIT_PADDING,
              nodes: [{ id: after }, { id }],
              maxZoom: zoom,
              minZoom: Math.min(zoom, 0.5),
              duration: 200,
            }),
        );
      }
    },
    [store, screenToFlowPosition, fitView, getZoom],
  );
  const autoLayout = useCallback(() => {
    store.getState().autoLayout();
    requestAnimationFrame(() => void fitView({ padding: FIT_PADDING, duration: 300, maxZoom: 1 }));
  }, [store, fitView]);

  return (
    <Box
      ref={rootRef}
      sx={{
        display: 'grid',
        gridTemplateRows: 'auto minmax(0, 1fr)',
        gridTemplateColumns: '172px minmax(0, 1fr) 330px',
        height: '100%',
        minHeight: 480,
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        bgcolor: 'background.paper',
        overflow: 'hidden',
      }}
    >
      <Box sx={{ gridColumn: '1 / -1' }}>
        <Toolbar
          saveState={saveState}
          onSave={requestSave}
          onLaunch={onLaunch}
          onTest={onTest}
          onAutoLayout={autoLayout}
        />
      </Box>
      <Box sx={{ borderRight: 1, borderColor: 'divider', overflow: 'auto' }}>
        <Palette onAdd={addFromPalette} />
      </Box>
      <Box ref={canvasRef} sx={{ position: 'relative', bgcolor: '#fafbfc' }}>
        <BuilderCanvas fitOnOpen />
      </Box>
      <Box sx={{ borderLeft: 1, borderColor: 'divider', minHeight: 0 }}>
        <SidePanel variables={variables} />
      </Box>
    </Box>
  );
}

/**
 * The journey builder: palette, canvas, side panel and toolbar over one journey. Fills
 * its parent, which must have a height. Validation is core's, live as the user edits.
 */
export function JourneyBuilder({ initial, ...rest }: TJourneyBuilderProps) {
  const [stores] = useState(() => {
    const flow = journeyToFlow(initial);
    // Journeys written by the API or by hand often have no positions: lay them out once.
    const nodes = needsLayout(flow.nodes) ? layoutFlow(flow.nodes, flow.edges) : flow.nodes;
    return {
      builder: createBuilderStore({ name: initial.name, nodes, edges: flow.edges, goal: goalDraftOf(initial.goal) }),
      status: createStatusStore(),
    };
  });
  return (
    <ReactFlowProvider>
      <BuilderStoreProvider store={stores.builder}>
        <NodeStatusProvider store={stores.status}>
          <BuilderLayout {...rest} />
        </NodeStatusProvider>
      </BuilderStoreProvider>
    </ReactFlowProvider>
  );
}
