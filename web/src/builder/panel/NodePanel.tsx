import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo } from 'react';
import { NODE_HINTS, NODE_TITLES } from '../describe';
import { useBuilder, useBuilderStore } from '../builder-context';
import { useNodeProblems } from '../status-context';
import { fieldErrors } from './field-errors';
import type { TNodeView } from '../types';
import { ConnectionsForm } from './ConnectionsForm';
import { NodeForm } from './NodeForm';

/** Edits the selected node: its label, its type's form with inline errors, and delete. */
export function NodePanel({ nodeId, variables }: { nodeId: string; variables?: readonly string[] | undefined }) {
  const store = useBuilderStore();
  // Type and data only: moving the node must not re-render its form.
  const type = useBuilder((s) => s.nodes.find((n) => n.id === nodeId)?.type);
  const data = useBuilder((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const problems = useNodeProblems(nodeId);
  const errors = useMemo(() => fieldErrors(problems), [problems]);
  const update = useCallback(
    (patch: Record<string, unknown>) => store.getState().updateNodeData(nodeId, patch),
    [store, nodeId],
  );
  if (type === undefined || data === undefined) return null;
  const node = { id: nodeId, type, data } as TNodeView;
  const label = typeof data.label === 'string' ? data.label : '';

  return (
    <Stack spacing={2}>
      <div>
        <Typography variant="h6" component="h2">
          {NODE_TITLES[type]}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {NODE_HINTS[type]} · id <code>{nodeId}</code>
        </Typography>
      </div>
      {errors.general.length > 0 && (
        <Alert severity="error" role="alert">
          {errors.general.map((message, i) => (
            <div key={i}>{message}</div>
          ))}
        </Alert>
      )}
      <TextField
        label="Label"
        value={label}
        onChange={(e) => update({ label: e.target.value === '' ? undefined : e.target.value })}
        helperText="Optional name shown on the canvas and in run reports"
        size="small"
        slotProps={{ htmlInput: { maxLength: 200 } }}
      />
      <NodeForm node={node} update={update} errors={errors} variables={variables} />
      <ConnectionsForm node={node} />
      {type !== 'start' && (
        <Button
          color="error"
          variant="outlined"
          startIcon={<DeleteOutline />}
          onClick={() => store.getState().deleteElements({ nodeIds: [nodeId] })}
          sx={{ alignSelf: 'flex-start' }}
        >
          Delete node
        </Button>
      )}
    </Stack>
  );
}
