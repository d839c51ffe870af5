import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import ErrorOutline from '@mui/icons-material/ErrorOutline';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useStore } from 'zustand';
import type { TProblem } from '../../../../core/index.js';
import { problemPlace } from '../problems';
import { useStatusStore } from '../status-context';
import { useFocusProblem } from './use-focus';

/** Every problem of the journey; clicking one selects and centres what it is about. */
export function ProblemsList({ onPicked }: { onPicked?: () => void }) {
  const problems = useStore(useStatusStore(), (s) => s.index.problems);
  const focus = useFocusProblem();
  if (problems.length === 0) {
    return (
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', p: 1.5, color: 'success.main' }}>
        <CheckCircleOutline fontSize="small" />
        <Typography variant="body2">No problems: the journey can be launched once saved.</Typography>
      </Stack>
    );
  }
  const pick = (problem: TProblem) => {
    focus(problem);
    onPicked?.();
  };
  return (
    <List dense aria-label="Problems" sx={{ maxHeight: 360, overflow: 'auto' }}>
      {problems.map((problem, i) => (
        <ListItemButton
          key={i}
          onClick={() => pick(problem)}
          disabled={problem.nodeId === undefined && problem.edgeId === undefined}
        >
          <ListItemIcon sx={{ minWidth: 32 }}>
            <ErrorOutline color="error" fontSize="small" />
          </ListItemIcon>
          <ListItemText primary={problem.message} secondary={problemPlace(problem)} />
        </ListItemButton>
      ))}
    </List>
  );
}
