import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { durationWords } from '../describe';
import { DURATION_UNITS, durationToParts, partsToDuration, type TDurationUnit } from './duration-parts';

interface TDurationFieldProps {
  /** ISO-8601 duration, e.g. P3D. */
  value: string;
  onChange: (iso: string) => void;
  amountLabel: string;
  unitLabel: string;
  /** Core's problem with the stored value, if any. */
  error?: string | undefined;
}

function partsOf(value: string): { amount: string; unit: TDurationUnit } {
  const parts = durationToParts(value);
  return parts === undefined ? { amount: '', unit: 'days' } : { amount: String(parts.amount), unit: parts.unit };
}

/**
 * A duration as a number and a unit, stored as ISO-8601. What the user is typing stays
 * local until it is a valid duration, so clearing the box to retype does not wipe the node.
 */
export function DurationField({ value, onChange, amountLabel, unitLabel, error }: TDurationFieldProps) {
  const [draft, setDraft] = useState(() => partsOf(value));
  const [seen, setSeen] = useState(value);
  // The stored value changed from outside (undo, another node selected): show it.
  if (seen !== value) {
    setSeen(value);
    const current = partsToDuration(draft.amount, draft.unit);
    if (!(current.ok && current.iso === value)) setDraft(partsOf(value));
  }
  const input = partsToDuration(draft.amount, draft.unit);
  const change = (next: { amount: string; unit: TDurationUnit }) => {
    setDraft(next);
    const result = partsToDuration(next.amount, next.unit);
    if (result.ok && result.iso !== value) {
      setSeen(result.iso);
      onChange(result.iso);
    }
  };
  const message = !input.ok ? input.error : error;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        label={amountLabel}
        value={draft.amount}
        onChange={(e) => change({ ...draft, amount: e.target.value })}
        error={message !== undefined}
        helperText={message ?? durationWords(value)}
        size="small"
        sx={{ flex: 1 }}
        slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*' } }}
      />
      <TextField
        select
        label={unitLabel}
        value={draft.unit}
        onChange={(e) => change({ ...draft, unit: e.target.value as TDurationUnit })}
        size="small"
        sx={{ width: 130 }}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        {DURATION_UNITS.map((unit) => (
          <option key={unit} value={unit}>
            {unit}
          </option>
        ))}
      </TextField>
    </Stack>
  );
}
