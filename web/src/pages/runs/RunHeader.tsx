import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import OpenInNew from '@mui/icons-material/OpenInNew';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { StatusChip } from '../../components/StatusChip';
import { TestChip } from '../../components/TestChip';
import { formatDateTime, formatSeconds } from '../../format';
import { RunProgress } from './RunProgress';
import type { TRunDetail } from './run-queries';
import { canStopRun, CONTACT_STATES } from './run-status';
import { StopRunButton } from './StopRunButton';

/** The run's title, actions (Temporal UI, CSV export, stop), progress and contacts per state. */
export function RunHeader({ run }: { run: TRunDetail }) {
  const started = run.startedAt ?? run.createdAt;
  return (
    <>
      <PageHeader
        title={run.journeyName}
        subtitle={
          <>
            Started {formatDateTime(started)}
            {run.endedAt && ` · ended ${formatDateTime(run.endedAt)}`} ·{' '}
            <Link component={RouterLink} to={`/journeys/${run.journeyId}`}>
              open the journey
            </Link>
          </>
        }
        actions={
          <>
            <Button startIcon={<OpenInNew />} href={run.temporalUiUrl} target="_blank" rel="noopener noreferrer">
              Open in Temporal UI
            </Button>
            {/* The session is a cookie, so a plain link downloads the export. */}
            <Button
              startIcon={<DownloadOutlined />}
              href={`/api/runs/${encodeURIComponent(run.id)}/contacts.csv`}
              download
            >
              Export CSV
            </Button>
            {canStopRun(run.status) && <StopRunButton runId={run.id} total={run.total} />}
          </>
        }
      />
      {run.isTest && run.testTiming && (
        <Alert severity="info" sx={{ mb: 2 }}>
          A test send: each wait lasts at most {formatSeconds(run.testTiming.waitSeconds)} and each wait for a reply
          times out after {formatSeconds(run.testTiming.replyTimeoutSeconds)}. It is left out of analytics and frequency
          caps; opt-outs still apply.
        </Alert>
      )}
      {run.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {run.error}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 2, mb: 2, display: 'flex', gap: 4, alignItems: 'center', flexWrap: 'wrap' }}>
        {/* Beside the progress, not in the h1: a chip is a block, and the heading's name stays the journey's. */}
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary">
            Run
          </Typography>
          <StatusChip status={run.status} size="medium" />
          {run.isTest && <TestChip size="medium" />}
        </Stack>
        <Box sx={{ flex: '1 1 320px' }}>
          <RunProgress run={run} />
        </Box>
        <Stack
          component="ul"
          aria-label="Contacts by state"
          direction="row"
          spacing={2}
          sx={{ listStyle: 'none', m: 0, p: 0, flexWrap: 'wrap', rowGap: 1 }}
        >
          {CONTACT_STATES.map((state) => (
            <Stack component="li" key={state} direction="row" spacing={0.75} sx={{ alignItems: 'center' }}>
              <StatusChip status={state} />
              <Typography variant="body2" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
                {(run.counts.byState[state] ?? 0).toLocaleString()}
              </Typography>
            </Stack>
          ))}
        </Stack>
      </Paper>
    </>
  );
}
