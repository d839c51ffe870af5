import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { Link as RouterLink, useNavigate } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { StatusChip } from '../../components/StatusChip';
import { TestChip } from '../../components/TestChip';
import { formatDateTime } from '../../format';
import { PagerControls } from './PagerControls';
import { RunProgress } from './RunProgress';
import { useRunsPage } from './run-queries';
import { onActivate } from './row-activation';
import { useCursorPages } from './use-cursor-pages';

/** `/runs`: every launch of the workspace, newest first, each opening its dashboard. */
export function RunsPage() {
  const pages = useCursorPages();
  const runs = useRunsPage(pages.cursor);
  const navigate = useNavigate();
  const open = (id: string) => void navigate(`/runs/${id}`);

  return (
    <>
      <PageHeader
        title="Runs"
        subtitle="Each launch of a journey is a run, and so is each test on your phone (marked Test). Live runs refresh by themselves."
      />
      {runs.isPending && <LoadingState label="Loading runs" />}
      {runs.isError && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data && runs.data.items.length === 0 && !pages.hasPrevious && (
        <EmptyState
          title="No runs yet"
          description="Launch a journey against a CSV of contacts and its run appears here, with live progress."
          action={
            <Button variant="contained" component={RouterLink} to="/journeys">
              Go to journeys
            </Button>
          }
        />
      )}
      {runs.data && runs.data.items.length > 0 && (
        <>
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" aria-label="Runs">
              <TableHead>
                <TableRow>
                  <TableCell>Journey</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Progress</TableCell>
                  <TableCell>Started</TableCell>
                  <TableCell>Ended</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {runs.data.items.map((run) => (
                  <TableRow
                    key={run.id}
                    hover
                    tabIndex={0}
                    onClick={() => open(run.id)}
                    onKeyDown={onActivate(() => open(run.id))}
                    sx={{ cursor: 'pointer' }}
                  >
                    <TableCell>
                      {/* A real link too, so the row can be opened in a new tab. */}
                      <Link
                        component={RouterLink}
                        to={`/runs/${run.id}`}
                        onClick={(e) => e.stopPropagation()}
                        sx={{ fontWeight: 600 }}
                      >
                        {run.journeyName}
                      </Link>
                      {run.isTest && (
                        <Box component="span" sx={{ ml: 1 }}>
                          <TestChip />
                        </Box>
                      )}
                    </TableCell>
                    <TableCell>
                      <StatusChip status={run.status} />
                    </TableCell>
                    <TableCell>
                      <RunProgress run={run} compact label={`Progress of ${run.journeyName}`} />
                    </TableCell>
                    <TableCell>{formatDateTime(run.startedAt ?? run.createdAt)}</TableCell>
                    <TableCell>{run.endedAt ? formatDateTime(run.endedAt) : '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <PagerControls pages={pages} nextCursor={runs.data.nextCursor} label="Runs" />
        </>
      )}
    </>
  );
}
