import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReadinessPanel } from '../components/ReadinessPanel';
import { SandboxPanel } from '../components/SandboxPanel';
import { SendQueuePanel } from '../components/SendQueuePanel';

/** `/`: is everything up, how this workspace's sends are moving, and what did the sandbox phones receive. */
export function StatusPage() {
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>
        System status
      </Typography>
      <ReadinessPanel />
      <SendQueuePanel />
      <SandboxPanel />
    </Stack>
  );
}
