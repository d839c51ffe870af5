import Chip from '@mui/material/Chip';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { DependencyStatus } from '../types';

/** One dependency: name, OK or failing, and how long the check took (why it failed is in the API's log). */
export function DependencyRow({ name, status }: { name: string; status: DependencyStatus }) {
  return (
    <ListItem divider sx={{ gap: 2 }}>
      <Chip
        label={status.ok ? 'OK' : 'Failing'}
        color={status.ok ? 'success' : 'error'}
        size="small"
        sx={{ minWidth: 72 }}
        aria-label={`${name} ${status.ok ? 'OK' : 'failing'}`}
      />
      <ListItemText primary={name} slotProps={{ primary: { sx: { fontWeight: 600 } } }} />
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {status.latencyMs} ms
      </Typography>
    </ListItem>
  );
}
