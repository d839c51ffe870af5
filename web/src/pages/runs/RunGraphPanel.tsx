import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { JourneyGraph } from '../../builder';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import type { TNodeCounts } from '../../builder';
import type { TNodeOption } from './graph-nodes';
import type { TRunDetail, useRunGraph } from './run-queries';

interface Props {
  graph: ReturnType<typeof useRunGraph>;
  /** The run's counts, with the analytics' funnel per node once loaded. */
  counts: TRunDetail['counts'] & Pick<TNodeCounts, 'funnel'>;
  nodes: readonly TNodeOption[];
  /** The node the contacts table is filtered by; "" for none. */
  selectedNode: string;
  onSelectNode: (nodeId: string) => void;
}

/** The journey version the run walks, with how many contacts are at and went through each node, and its funnel. */
export function RunGraphPanel({ graph, counts, nodes, selectedNode, onSelectNode }: Props) {
  const selected = nodes.find((node) => node.id === selectedNode);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="run-graph-title" sx={{ mb: 2 }}>
      <Stack
        direction="row"
        spacing={1}
        sx={{ px: 2, py: 1, alignItems: 'center', borderBottom: 1, borderColor: 'divider' }}
      >
        <Typography id="run-graph-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>
          Journey{graph.data ? ` · version ${graph.data.version}` : ''}
        </Typography>
        {selected ? (
          <Chip
            label={`Contacts at ${selected.label}`}
            onDelete={() => onSelectNode('')}
            color="primary"
            variant="outlined"
            size="small"
          />
        ) : (
          <Typography variant="body2" color="text.secondary">
            Click a node to list the contacts at it
          </Typography>
        )}
      </Stack>
      {graph.isPending && <LoadingState label="Loading the journey graph" />}
      {graph.isError && (
        <Box sx={{ px: 2 }}>
          <ErrorState error={graph.error} onRetry={() => void graph.refetch()} />
        </Box>
      )}
      {graph.data && (
        <Box sx={{ height: 420 }}>
          {/* Clicking the selected node again clears the filter. */}
          <JourneyGraph
            journey={graph.data}
            counts={counts}
            onNodeClick={(id: string) => onSelectNode(id === selectedNode ? '' : id)}
          />
        </Box>
      )}
    </Paper>
  );
}
