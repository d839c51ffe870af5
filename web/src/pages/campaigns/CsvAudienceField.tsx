import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../api-client/errors';
import { guessPhoneColumn, PREVIEW_BYTES, previewCsv, type TCsvPreview } from './csv-preview';

/** A chosen audience file, its preview, and the column holding phone numbers. */
export interface TCsvAudience {
  file: File;
  preview: TCsvPreview;
  phoneColumn: string;
}

interface Props {
  value: TCsvAudience | undefined;
  onChange: (audience: TCsvAudience | undefined) => void;
}

const PREVIEW_ROWS = 5;

// Not display:none: the labelled input stays in the accessibility tree for assistive tech
// and tests, while the button around it is what people see and focus.
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
  p: 0,
  m: '-1px',
} as const;

/** The CSV audience: a file picker, the first rows as a table, and which column is the phone. */
export function CsvAudienceField({ value, onChange }: Props) {
  const [readError, setReadError] = useState<string>();
  const inputId = useId();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Reset so choosing the same file again (after fixing it) fires change again.
    event.target.value = '';
    if (!file) return;
    try {
      const isComplete = file.size <= PREVIEW_BYTES;
      const preview = previewCsv(await file.slice(0, PREVIEW_BYTES).text(), PREVIEW_ROWS, isComplete);
      setReadError(undefined);
      onChange({ file, preview, phoneColumn: guessPhoneColumn(preview.headers) ?? preview.headers[0] ?? '' });
    } catch (error) {
      setReadError(errorMessage(error));
      onChange(undefined);
    }
  };

  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button component="label" htmlFor={inputId} variant="outlined" startIcon={<UploadFileOutlined />}>
          {value ? 'Choose another CSV' : 'Choose CSV file'}
          <Box
            component="input"
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            aria-label="Audience CSV"
            tabIndex={-1}
            onChange={(e: ChangeEvent<HTMLInputElement>) => void onFile(e)}
            sx={VISUALLY_HIDDEN}
          />
        </Button>
        <Typography variant="body2" color="text.secondary">
          {value
            ? `${value.file.name} · ${Math.max(1, Math.round(value.file.size / 1024))} KB`
            : 'A header row, a phone column and one column per variable.'}
        </Typography>
      </Box>
      {readError && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {readError}
        </Alert>
      )}
      {value && (
        <>
          <TextField
            select
            label="Phone column"
            value={value.phoneColumn}
            onChange={(e) => onChange({ ...value, phoneColumn: e.target.value })}
            helperText="Numbers in E.164 (+14155552671); every other column becomes a variable."
            sx={{ mt: 2, minWidth: 240 }}
            size="small"
          >
            {value.preview.headers.map((header, i) => (
              <MenuItem key={i} value={header}>
                {header || '(no name)'}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
            First {value.preview.rows.length} row{value.preview.rows.length === 1 ? '' : 's'} of the file
          </Typography>
          <Box sx={{ overflowX: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
            <Table size="small" aria-label="Audience preview">
              <TableHead>
                <TableRow>
                  {value.preview.headers.map((header, i) => (
                    <TableCell
                      key={i}
                      sx={{ fontWeight: header === value.phoneColumn ? 700 : 500, whiteSpace: 'nowrap' }}
                    >
                      {header}
                      {header === value.phoneColumn && ' (phone)'}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {value.preview.rows.map((row, r) => (
                  <TableRow key={r}>
                    {row.map((cell, c) => (
                      <TableCell
                        key={c}
                        sx={{ whiteSpace: 'nowrap', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}
                      >
                        {cell}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        </>
      )}
    </Box>
  );
}
