import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import { getJson } from '../api-client/http';
import { formatTime } from '../format';
import { usePolling } from '../hooks/usePolling';
import type { Readiness } from '../types';
import { DependencyRow } from './DependencyRow';

const POLL_MS = 5_000;

async function loadReadiness(signal: AbortSignal): Promise<Readiness> {
  const readiness = await getJson<Readiness>('/readyz', { signal, acceptStatuses: [503] });
  if (typeof readiness.dependencies !== 'object' || readiness.dependencies === null)
    throw new Error('/readyz answered without dependencies');
  return readiness;
}

/** Polls `/readyz` and shows every dependency the API checks. */
export function ReadinessPanel() {
  const { data, error, loading, updatedAt } = usePolling('readyz', loadReadiness, POLL_MS);
  const ready = data?.status === 'ready';
  return (
    <Card component="section" aria-labelledby="readiness-title">
      <CardHeader
        title="Dependencies"
        slotProps={{ title: { id: 'readiness-title', component: 'h3', variant: 'h6' } }}
        subheader={
          updatedAt
            ? `Checked at ${formatTime(updatedAt)}, every ${POLL_MS / 1000} s`
            : `Checked every ${POLL_MS / 1000} s`
        }
        action={data && <Chip label={ready ? 'Ready' : 'Not ready'} color={ready ? 'success' : 'error'} />}
      />
      {loading && <LinearProgress aria-label="Checking dependencies" />}
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            Could not check readiness: {error.message}
            {data && updatedAt ? ` (showing the result from ${formatTime(updatedAt)})` : ''}
          </Alert>
        )}
        {data && !ready && data.error && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {data.error.message}
          </Alert>
        )}
        {data && (
          <List dense disablePadding aria-label="Dependencies">
            {Object.entries(data.dependencies).map(([name, status]) => (
              <DependencyRow key={name} name={name} status={status} />
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}
