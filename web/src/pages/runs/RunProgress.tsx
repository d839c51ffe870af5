import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { runProgress } from './run-status';

/**
 * A run's progress: the bar fills with finished contacts, its buffer with started ones.
 * The accessible name defaults to "Run progress" (end-to-end tests find the dashboard's
 * bar by it; lists pass one per row) and the numbers are its value text.
 */
export function RunProgress({
  run,
  compact = false,
  label = 'Run progress',
}: {
  run: { total: number; processed: number; launched: number };
  compact?: boolean;
  label?: string;
}) {
  const { percent, launchedPercent, label: numbers } = runProgress(run);
  return (
    <Box sx={{ minWidth: compact ? 140 : 320 }}>
      <LinearProgress
        variant="buffer"
        value={percent}
        valueBuffer={launchedPercent}
        aria-label={label}
        aria-valuetext={numbers}
        sx={{ height: compact ? 6 : 10, borderRadius: 1 }}
      />
      <Typography variant={compact ? 'caption' : 'body2'} color="text.secondary" sx={{ mt: 0.5, display: 'block' }}>
        {compact ? `${run.processed.toLocaleString()} / ${run.total.toLocaleString()}` : numbers}
      </Typography>
    </Box>
  );
}
