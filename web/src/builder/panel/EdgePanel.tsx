import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useStore } from 'zustand';
import type { TProblem } from '../../../../core/index.js';
import { useBuilder, useBuilderStore } from '../builder-context';
import { useStatusStore } from '../status-context';

const NONE: readonly TProblem[] = [];

/** The selected connection: where it goes, what is wrong with it, and a delete button. */
export function EdgePanel({ edgeId }: { edgeId: string }) {
  const store = useBuilderStore();
  const edge = useBuilder((s) => s.edges.find((e) => e.id === edgeId));
  const problems = useStore(useStatusStore(), (s) => s.index.byEdge.get(edgeId) ?? NONE);
  if (edge === undefined) return null;
  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Connection
      </Typography>
      <Typography variant="body2">
        From <strong>{edge.source}</strong>
        {edge.sourceHandle ? (
          <>
            {' '}
            (outcome <strong>{edge.sourceHandle}</strong>)
          </>
        ) : null}{' '}
        to <strong>{edge.target}</strong>
      </Typography>
      {problems.length > 0 && (
        <Alert severity="error" role="alert">
          {problems.map((p, i) => (
            <div key={i}>{p.message}</div>
          ))}
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary">
        To reroute it, drag a new connection from the same outcome: it replaces this one.
      </Typography>
      <Button
        color="error"
        variant="outlined"
        startIcon={<DeleteOutline />}
        onClick={() => store.getState().deleteElements({ edgeIds: [edgeId] })}
        sx={{ alignSelf: 'flex-start' }}
      >
        Delete connection
      </Button>
    </Stack>
  );
}
