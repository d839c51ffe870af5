import Chip, { type ChipProps } from '@mui/material/Chip';

type TColor = ChipProps['color'];

// Runs, contacts, campaigns and messages share one vocabulary of colours: green finished
// well, blue in motion, amber waiting, red failed, grey stopped or not started.
const COLORS: Record<string, TColor> = {
  done: 'success',
  delivered: 'success',
  read: 'success',
  sent: 'info',
  running: 'info',
  active: 'info',
  sending: 'info',
  queued: 'default',
  accepted: 'default',
  waiting: 'warning',
  waiting_reply: 'warning',
  deferred: 'warning',
  failed: 'error',
  undelivered: 'error',
  suppressed: 'default',
  skipped: 'default',
  canceled: 'default',
  stopped: 'default',
};

const LABELS: Record<string, string> = { waiting_reply: 'waiting for reply' };

/** A status word as a coloured chip, the same colour for the same word on every page. */
export function StatusChip({ status, size = 'small' }: { status: string; size?: ChipProps['size'] }) {
  return (
    <Chip
      size={size}
      label={LABELS[status] ?? status}
      color={COLORS[status] ?? 'default'}
      variant={COLORS[status] && COLORS[status] !== 'default' ? 'filled' : 'outlined'}
    />
  );
}
