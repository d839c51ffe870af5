import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { QueryStatus } from '../../components/QueryStatus';
import { goalText, percentText, secondsText, significanceWords } from './analytics-format';
import type { TRunAnalytics, useRunAnalytics } from './run-queries';
import { SendsRepliesChart } from './SendsRepliesChart';

const num = { fontVariantNumeric: 'tabular-nums', textAlign: 'right' } as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id} sx={{ mt: 2 }}>
      <Typography id={id} variant="subtitle2" component="h3" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Splits({ splits, nodeName }: { splits: TRunAnalytics['splits']; nodeName: (id: string) => string }) {
  return (
    <Stack spacing={2}>
      {splits.map((split) => (
        <Box key={split.nodeId} data-testid={`split-${split.nodeId}`}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {nodeName(split.nodeId)}
          </Typography>
          <Table size="small" aria-label={`Branches of ${split.nodeId}`}>
            <TableHead>
              <TableRow>
                <TableCell>Branch</TableCell>
                <TableCell sx={num}>Contacts</TableCell>
                <TableCell sx={num}>Converted</TableCell>
                <TableCell sx={num}>Conversion rate</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {split.branches.map((branch) => (
                <TableRow key={branch.branchId}>
                  <TableCell>{branch.branchId}</TableCell>
                  <TableCell sx={num}>{branch.contacts}</TableCell>
                  <TableCell sx={num}>{branch.converted}</TableCell>
                  <TableCell sx={num}>{percentText(branch.conversionRate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Alert
            severity={split.significant ? 'success' : 'info'}
            variant="outlined"
            sx={{ mt: 1, py: 0 }}
            data-testid={`significance-${split.nodeId}`}
          >
            {significanceWords(split)}
          </Alert>
        </Box>
      ))}
    </Stack>
  );
}

function Waits({ waits, nodeName }: { waits: TRunAnalytics['waits']; nodeName: (id: string) => string }) {
  return (
    <Table size="small" aria-label="Replies per wait">
      <TableHead>
        <TableRow>
          <TableCell>Wait for reply</TableCell>
          <TableCell sx={num}>Reached it</TableCell>
          <TableCell sx={num}>Replied</TableCell>
          <TableCell sx={num}>Reply rate</TableCell>
          <TableCell sx={num}>Median time to reply</TableCell>
          <TableCell sx={num}>90th percentile</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {waits.map((wait) => (
          <TableRow key={wait.nodeId}>
            <TableCell>{nodeName(wait.nodeId)}</TableCell>
            <TableCell sx={num}>{wait.entered}</TableCell>
            <TableCell sx={num}>{wait.replied}</TableCell>
            <TableCell sx={num}>{percentText(wait.replyRate)}</TableCell>
            <TableCell sx={num}>{secondsText(wait.medianSeconds)}</TableCell>
            <TableCell sx={num}>{secondsText(wait.p90Seconds)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Nodes({ analytics, nodeName }: { analytics: TRunAnalytics; nodeName: (id: string) => string }) {
  const hasGoal = analytics.goal !== null;
  return (
    <TableContainer>
      <Table size="small" aria-label="Funnel per node">
        <TableHead>
          <TableRow>
            <TableCell>Node</TableCell>
            <TableCell sx={num}>Entered</TableCell>
            <TableCell sx={num}>Sent</TableCell>
            <TableCell sx={num}>Delivered</TableCell>
            <TableCell sx={num}>Failed</TableCell>
            <TableCell sx={num}>Replied</TableCell>
            {hasGoal && <TableCell sx={num}>Converted</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {analytics.nodes.map((node) => {
            const sends = node.type === 'message';
            return (
              <TableRow key={node.nodeId} data-testid={`funnel-row-${node.nodeId}`}>
                <TableCell>{nodeName(node.nodeId)}</TableCell>
                <TableCell sx={num}>{node.entered}</TableCell>
                <TableCell sx={num}>{sends ? node.sent : '—'}</TableCell>
                <TableCell sx={num}>{sends ? node.delivered : '—'}</TableCell>
                <TableCell sx={num}>{sends ? node.failed : '—'}</TableCell>
                <TableCell sx={num}>{node.replied ?? '—'}</TableCell>
                {hasGoal && <TableCell sx={num}>{node.converted}</TableCell>}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * The run's analytics under its graph: the goal and how many converted, sends and replies
 * over time, each split's branches with the test between them, replies per wait, and the
 * funnel per node.
 */
export function RunAnalyticsPanel({
  analytics,
  nodeName,
}: {
  analytics: ReturnType<typeof useRunAnalytics>;
  nodeName: (id: string) => string;
}) {
  const data = analytics.data;
  return (
    <Paper variant="outlined" component="section" aria-labelledby="analytics-title" sx={{ p: 2, mb: 2 }}>
      <Typography id="analytics-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        Analytics
      </Typography>
      <QueryStatus query={analytics} label="Loading the analytics" />
      {data && (
        <>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 1, alignItems: 'baseline' }}>
            <Typography variant="body2" data-testid="goal-text">
              <strong>Goal:</strong> {goalText(data.goal)}
            </Typography>
            {data.goal && (
              <Typography variant="body2" data-testid="conversion-total">
                <strong>{data.converted}</strong> of {data.contacts} converted (
                {percentText(data.contacts > 0 ? data.converted / data.contacts : null)})
              </Typography>
            )}
          </Stack>
          <Section id="activity-title" title="Sends and replies over time">
            <SendsRepliesChart points={data.series} bucketSeconds={data.bucketSeconds} />
          </Section>
          {data.splits.length > 0 && (
            <Section id="splits-title" title="Splits">
              <Splits splits={data.splits} nodeName={nodeName} />
            </Section>
          )}
          {data.waits.length > 0 && (
            <Section id="waits-title" title="Replies">
              <Waits waits={data.waits} nodeName={nodeName} />
            </Section>
          )}
          <Section id="nodes-title" title="Funnel per node">
            <Nodes analytics={data} nodeName={nodeName} />
          </Section>
        </>
      )}
    </Paper>
  );
}
