import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';

/** A page or panel waiting for its first answer. */
export function LoadingState({ label }: { label: string }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', py: 8 }} role="status" aria-live="polite">
      <CircularProgress aria-label={label} />
    </Box>
  );
}
