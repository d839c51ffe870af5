import Chip from '@mui/material/Chip';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { DependencyStatus } from '../types';

/** One dependency: name, OK or failing, how long the check took and why it failed. */
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
      <ListItemText
        primary={name}
        secondary={status.error}
        slotProps={{
          primary: { sx: { fontWeight: 600 } },
          secondary: { color: 'error', sx: { wordBreak: 'break-word' } },
        }}
      />
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {status.latencyMs} ms
      </Typography>
    </ListItem>
  );
}
