import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { components } from '../../api/schema';

export type TRejectedRow = components['schemas']['RejectedRow'];

/** Rows of the audience the API would not send to, with the spreadsheet row number and why. */
export function RejectedRows({ rows }: { rows: readonly TRejectedRow[] }) {
  return (
    <TableContainer sx={{ maxHeight: 280, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" stickyHeader aria-label="Rejected rows">
        <TableHead>
          <TableRow>
            <TableCell>Row</TableCell>
            <TableCell>Phone</TableCell>
            <TableCell>Reason</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={`${row.row}-${row.phone}`}>
              <TableCell>{row.row}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{row.phone || '—'}</TableCell>
              <TableCell>{row.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
