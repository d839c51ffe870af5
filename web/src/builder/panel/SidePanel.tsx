import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import { useBuilder, useBuilderStore } from '../builder-context';
import { ProblemsList } from '../canvas/ProblemsList';
import { EdgePanel } from './EdgePanel';
import { GoalForm } from './GoalForm';
import { NodePanel } from './NodePanel';

function Overview() {
  return (
    <Stack spacing={1.5}>
      <Typography variant="h6" component="h2">
        Journey
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Select a step to edit it. Connect steps by dragging from an outcome on the right of a step to another step.
      </Typography>
      <GoalForm />
      <Typography variant="subtitle2" component="h3">
        Problems
      </Typography>
      <ProblemsList />
    </Stack>
  );
}

function MultiSelection({ count }: { count: number }) {
  const store = useBuilderStore();
  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        {count} items selected
      </Typography>
      <Button
        color="error"
        variant="outlined"
        startIcon={<DeleteOutline />}
        onClick={() => store.getState().deleteSelection()}
        sx={{ alignSelf: 'flex-start' }}
      >
        Delete selection
      </Button>
    </Stack>
  );
}

/** The right-hand panel: the selected node's or edge's editor, or the journey overview. */
export function SidePanel({ variables }: { variables?: readonly string[] | undefined }) {
  const nodeId = useBuilder((s) => s.nodes.find((n) => n.selected)?.id);
  const edgeId = useBuilder((s) => s.edges.find((e) => e.selected)?.id);
  const count = useBuilder((s) => s.nodes.filter((n) => n.selected).length + s.edges.filter((e) => e.selected).length);
  let content;
  if (count > 1) content = <MultiSelection count={count} />;
  // Keyed by id so a form's local drafts never carry over to another node.
  else if (nodeId !== undefined) content = <NodePanel key={nodeId} nodeId={nodeId} variables={variables} />;
  else if (edgeId !== undefined) content = <EdgePanel key={edgeId} edgeId={edgeId} />;
  else content = <Overview />;
  return (
    <Stack component="aside" aria-label="Step settings" sx={{ p: 2, overflow: 'auto', height: '100%' }}>
      {content}
    </Stack>
  );
}
