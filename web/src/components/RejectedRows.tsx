import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';

/** A CSV row the API refused: its spreadsheet row number (when it has one), the phone cell and why. */
export interface TRejectedRow {
  row?: number | null | undefined;
  phone?: string | null | undefined;
  reason: string;
}

/** Rows of an audience or a launch the API would not send to, with the row number and why. */
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
          {rows.map((row, index) => (
            <TableRow key={`${row.row ?? ''}-${index}`}>
              <TableCell>{row.row ?? '—'}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{row.phone || '—'}</TableCell>
              <TableCell>{row.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
