import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { useBuilder, useBuilderStore } from '../builder-context';
import { nodeOutputs } from '../nodes/outputs';
import type { TFlowNode, TNodeView } from '../types';
import { currentTarget, targetOptions } from './connection-options';

const SEP = '\u0000';
const ROW = '\u0001';

/**
 * Where each output of the selected node leads, as selects: the keyboard's way to connect
 * steps (dragging a handle needs a mouse), and a readable list of the node's branches.
 */
export function ConnectionsForm({ node }: { node: TNodeView }) {
  const store = useBuilderStore();
  // A string of ids, types and labels: equal while nodes only move, so a drag does not
  // re-render this list.
  const nodesKey = useBuilder((s) =>
    s.nodes.map((n) => [n.id, n.type, typeof n.data.label === 'string' ? n.data.label : ''].join(SEP)).join(ROW),
  );
  const edges = useBuilder((s) => s.edges);
  const options = useMemo(() => {
    const nodes = nodesKey.split(ROW).map((row) => {
      const [id = '', type = 'end', label = ''] = row.split(SEP);
      return { id, type, data: label ? { label } : {} } as unknown as TFlowNode;
    });
    return targetOptions(nodes, node.id);
  }, [nodesKey, node.id]);
  const outputs = nodeOutputs(node);
  if (outputs.length === 0) return null;

  return (
    <Stack spacing={1.5} component="section" aria-label="Next steps">
      <Typography variant="subtitle2" component="h3">
        Next steps
      </Typography>
      {outputs.map((output) => {
        const target = currentTarget(edges, node.id, output.id);
        const label = outputs.length === 1 ? 'Next step' : `Next step for ${output.label}`;
        return (
          <TextField
            key={output.id ?? ''}
            select
            size="small"
            label={label}
            value={target}
            onChange={(e) => {
              const next = e.target.value;
              const state = store.getState();
              if (next !== '') state.connect({ source: node.id, sourceHandle: output.id, target: next });
              else {
                const edge = state.edges.find(
                  (ed) => ed.source === node.id && currentTarget([ed], node.id, output.id) !== '',
                );
                if (edge) state.deleteElements({ edgeIds: [edge.id] });
              }
            }}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            <option value="">— not connected —</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </TextField>
        );
      })}
    </Stack>
  );
}
