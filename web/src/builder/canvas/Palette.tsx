import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { DragEvent } from 'react';
import { NODE_TYPES, type TNodeType } from '../../../../core/index.js';
import { addNodeLabel, NODE_HINTS, NODE_TITLES } from '../describe';
import { useBuilder } from '../builder-context';
import { NodeIcon } from '../nodes/NodeIcon';
import { NODE_COLORS } from '../nodes/node-style';

/** dataTransfer type carrying a node type from the palette to the canvas. */
export const DND_NODE_TYPE = 'application/x-journey-node-type';

/**
 * Every node type as a button: click (or Enter/Space) adds it, dragging drops it where
 * released. Start is offered only when the journey has none.
 */
export function Palette({ onAdd }: { onAdd: (type: TNodeType) => void }) {
  const hasStart = useBuilder((s) => s.nodes.some((n) => n.type === 'start'));
  const types = NODE_TYPES.filter((type) => type !== 'start' || !hasStart);
  const onDragStart = (e: DragEvent, type: TNodeType) => {
    e.dataTransfer.setData(DND_NODE_TYPE, type);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <Stack component="nav" aria-label="Node palette" spacing={1} sx={{ p: 1.5 }}>
      <Typography variant="overline" color="text.secondary">
        Add a step
      </Typography>
      {types.map((type) => (
        <Button
          key={type}
          aria-label={addNodeLabel(type)}
          title={`${NODE_HINTS[type]}. Click to add (after the selected step), or drag onto the canvas.`}
          draggable
          onDragStart={(e) => onDragStart(e, type)}
          onClick={() => onAdd(type)}
          variant="outlined"
          startIcon={<NodeIcon type={type} />}
          sx={{
            justifyContent: 'flex-start',
            textTransform: 'none',
            borderColor: 'divider',
            color: 'text.primary',
            borderLeft: `4px solid ${NODE_COLORS[type]}`,
            '& .MuiButton-startIcon': { color: NODE_COLORS[type] },
            cursor: 'grab',
          }}
        >
          {NODE_TITLES[type]}
        </Button>
      ))}
    </Stack>
  );
}
