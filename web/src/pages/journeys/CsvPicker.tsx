import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useRef, useState, type DragEvent } from 'react';

// Hidden from sight, not from the accessibility tree or from tests setting files on it.
const HIDDEN_INPUT = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  opacity: 0,
} as const;

/** Picks one CSV file: a file input labelled "CSV file", or a file dropped on the zone. */
export function CsvPicker({ fileName, onFile }: { fileName: string | undefined; onFile: (file: File) => void }) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <Box
      onDragOver={(event) => {
        // Without preventDefault the browser opens the dropped file instead of handing it over.
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      sx={{
        border: 2,
        borderStyle: 'dashed',
        borderColor: dragging ? 'primary.main' : 'divider',
        bgcolor: dragging ? 'action.hover' : 'background.default',
        borderRadius: 2,
        p: 3,
        textAlign: 'center',
        position: 'relative',
      }}
    >
      <UploadFileOutlined color="action" sx={{ fontSize: 40 }} />
      <Typography sx={{ mb: 1 }}>{fileName ? `Selected: ${fileName}` : 'Drop a CSV file here, or'}</Typography>
      <Button variant="outlined" onClick={() => input.current?.click()}>
        {fileName ? 'Choose another file' : 'Choose a file'}
      </Button>
      {/* The button is the control people use; the input keeps the name "CSV file" for tests and assistive tech. */}
      <input
        ref={input}
        id="launch-csv-file"
        type="file"
        tabIndex={-1}
        accept=".csv,text/csv"
        aria-label="CSV file"
        style={HIDDEN_INPUT}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          // Cleared so choosing the same file again (after fixing it) still fires a change.
          event.target.value = '';
        }}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        One row per contact: a phone column (with +country code) and one column per variable the messages use.
      </Typography>
    </Box>
  );
}
