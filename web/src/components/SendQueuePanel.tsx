import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { api, unwrap } from '../api-client/client';
import { formatSeconds, formatTime } from '../format';
import { usePolling } from '../hooks/usePolling';

const POLL_MS = 5_000;

function loadSendQueue(signal: AbortSignal) {
  return unwrap(api.GET('/api/send-queue', { signal }));
}

/** The oldest send's wait, in whole seconds: "none" with nothing waiting. */
function formatWait(seconds: number): string {
  return seconds < 1 ? 'none' : formatSeconds(Math.round(seconds));
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack spacing={0.25} sx={{ minWidth: 140 }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h6" component="p">
        {value}
      </Typography>
    </Stack>
  );
}

/**
 * Polls `GET /api/send-queue`: how many of this workspace's sends wait, how long the oldest
 * has, how fast they leave, and its weight in the share of the send rate between workspaces.
 */
export function SendQueuePanel() {
  const { data, error, loading, updatedAt } = usePolling('send-queue', loadSendQueue, POLL_MS);
  return (
    <Card component="section" aria-labelledby="send-queue-title">
      <CardHeader
        title="Send queue"
        slotProps={{ title: { id: 'send-queue-title', component: 'h3', variant: 'h6' } }}
        subheader={
          updatedAt
            ? `This workspace's sends, at ${formatTime(updatedAt)}, every ${POLL_MS / 1000} s`
            : "This workspace's sends"
        }
      />
      {loading && <LinearProgress aria-label="Reading the send queue" />}
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            Could not read the send queue: {error.message}
          </Alert>
        )}
        {data && (
          <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }} aria-label="Send queue figures">
            <Figure label="Waiting" value={data.depth.toLocaleString()} />
            <Figure label="Oldest wait" value={formatWait(data.oldestWaitSeconds)} />
            <Figure label="Leaving" value={`${data.admittedPerSecond.toFixed(1)} msg/s`} />
            <Figure label="Share weight" value={String(data.weight)} />
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
