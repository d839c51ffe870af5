import Alert from '@mui/material/Alert';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { conflictingPhoneColumns, previewRows, type TParsedCsv } from './launch-csv';

interface Props {
  parsed: TParsedCsv;
  phoneIndex: number;
  onPhoneIndex: (index: number) => void;
  country: string;
  countryError: boolean;
  onCountry: (country: string) => void;
}

/** The file's first rows, the phone column choice and the default country for national numbers. */
export function CsvPreview({ parsed, phoneIndex, onPhoneIndex, country, countryError, onCountry }: Props) {
  const rows = previewRows(parsed);
  const dropped = conflictingPhoneColumns(parsed.headers, phoneIndex).map((index) => parsed.headers[index]);
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField
          select
          id="launch-phone-column"
          label="Phone column"
          size="small"
          value={phoneIndex < 0 ? '' : String(phoneIndex)}
          onChange={(event) => onPhoneIndex(Number(event.target.value))}
          error={phoneIndex < 0}
          helperText={phoneIndex < 0 ? 'No column is named phone, mobile, msisdn or number: choose one' : ' '}
          sx={{ minWidth: 240 }}
        >
          {parsed.headers.map((header, index) => (
            <MenuItem key={index} value={String(index)}>
              {header || `(column ${index + 1}, no name)`}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="launch-country"
          label="Default country"
          size="small"
          value={country}
          onChange={(event) => onCountry(event.target.value.toUpperCase())}
          error={countryError}
          helperText={
            countryError ? 'Two letters, e.g. GB or US' : 'Optional: for numbers without +country code, e.g. GB'
          }
          slotProps={{ htmlInput: { maxLength: 2 } }}
          sx={{ width: 260 }}
        />
      </Stack>
      {dropped.length > 0 && (
        <Alert severity="info">
          {dropped.map((name) => `“${name}”`).join(', ')} will not be sent: “phone” is always the number of the chosen
          phone column.
        </Alert>
      )}
      {parsed.warnings.length > 0 && (
        <Alert severity="warning">
          The file may be malformed: {parsed.warnings.slice(0, 3).join('; ')}. Check will tell which rows the API
          accepts.
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary">
        {parsed.dataRowCount.toLocaleString()} {parsed.dataRowCount === 1 ? 'row' : 'rows'}; the first {rows.length}{' '}
        below.
      </Typography>
      <TableContainer sx={{ maxHeight: 260, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label="CSV preview">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              {parsed.headers.map((header, index) => (
                <TableCell
                  key={index}
                  sx={index === phoneIndex ? { fontWeight: 700, color: 'primary.main' } : undefined}
                >
                  {header}
                  {index === phoneIndex && ' (phone)'}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ row, cells }) => (
              <TableRow key={row}>
                <TableCell sx={{ color: 'text.secondary' }}>{row}</TableCell>
                {parsed.headers.map((_header, index) => (
                  <TableCell
                    key={index}
                    sx={{ whiteSpace: 'nowrap', maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis' }}
                  >
                    {cells[index] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Stack>
  );
}
