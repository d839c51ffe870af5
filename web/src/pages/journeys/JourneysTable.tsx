import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime } from '../../format';
import type { TRun } from './journey-queries';

// Named for screen readers, invisible on screen: the column only holds icon buttons.
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

export interface TJourneyRow {
  id: string;
  name: string;
  status: string;
  updatedAt: string;
  nodeCount: number;
}

interface Props {
  journeys: readonly TJourneyRow[];
  latestRuns: ReadonlyMap<string, TRun> | undefined;
  onDelete: (journey: TJourneyRow) => void;
}

/** The journeys of one page: name (opens the editor), status, size, last change and last run. */
export function JourneysTable({ journeys, latestRuns, onDelete }: Props) {
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Journeys">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Nodes</TableCell>
            <TableCell>Updated</TableCell>
            <TableCell>Last run</TableCell>
            <TableCell align="right">
              <Box component="span" sx={VISUALLY_HIDDEN}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {journeys.map((journey) => {
            const run = latestRuns?.get(journey.id);
            return (
              <TableRow key={journey.id} hover>
                <TableCell>
                  <Link component={RouterLink} to={`/journeys/${journey.id}`} sx={{ fontWeight: 600 }}>
                    {journey.name}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusChip status={journey.status} />
                </TableCell>
                <TableCell align="right">{journey.nodeCount}</TableCell>
                <TableCell>{formatDateTime(journey.updatedAt)}</TableCell>
                <TableCell>
                  {run ? (
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <StatusChip status={run.status} />
                      <Link component={RouterLink} to={`/runs/${run.id}`} variant="body2">
                        {formatDateTime(run.startedAt ?? run.createdAt)}
                      </Link>
                    </Stack>
                  ) : (
                    <Typography variant="body2" color="text.secondary">
                      Never launched
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right">
                  <Tooltip title="Delete (admins only)">
                    <IconButton aria-label={`Delete ${journey.name}`} onClick={() => onDelete(journey)} size="small">
                      <DeleteOutline fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
