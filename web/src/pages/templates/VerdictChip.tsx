import Chip, { type ChipProps } from '@mui/material/Chip';
import type { TTemplateCheck } from './template-queries';

type TVerdict = TTemplateCheck['verdict'];

const VERDICTS: Record<TVerdict, { label: string; color: ChipProps['color'] }> = {
  approve: { label: 'approved', color: 'success' },
  needs_changes: { label: 'needs changes', color: 'warning' },
  reject: { label: 'rejected', color: 'error' },
};

/** A check's verdict as a chip; `undefined` means the template was never checked (or was edited since). */
export function VerdictChip({ verdict }: { verdict: TVerdict | undefined }) {
  if (verdict === undefined) return <Chip size="small" variant="outlined" label="not checked" />;
  const { label, color } = VERDICTS[verdict];
  return <Chip size="small" label={label} color={color} />;
}
