import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { SxProps, Theme } from '@mui/material/styles';
import { KIND_LABELS, type TSenderKind } from './sender-queries';

/**
 * A sender's kind, as adding and editing one both ask for it; the API's refusal (`problem`)
 * replaces the hint. `fromAddress` offers leaving it to the API, which reads it from the address.
 */
export function SenderKindField<T extends TSenderKind | ''>({
  value,
  onChange,
  problem,
  hint,
  fromAddress = false,
  sx,
}: {
  value: T;
  onChange: (kind: T) => void;
  problem: string | undefined;
  hint?: string;
  fromAddress?: boolean;
  sx?: SxProps<Theme>;
}) {
  return (
    <TextField
      select
      label="Kind"
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value as T)}
      error={problem !== undefined}
      helperText={problem ?? hint}
      {...(sx ? { sx } : {})}
    >
      {fromAddress && <MenuItem value="">(from the address)</MenuItem>}
      {Object.entries(KIND_LABELS).map(([kind, label]) => (
        <MenuItem key={kind} value={kind}>
          {label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** A sender's rate per second, as text (empty: Twilio's figure); the API's refusal replaces the hint. */
export function SenderRateField({
  value,
  onChange,
  problem,
  hint,
  sx,
}: {
  value: string;
  onChange: (rate: string) => void;
  problem: string | undefined;
  hint: string;
  sx?: SxProps<Theme>;
}) {
  return (
    <TextField
      label="Rate per second"
      size="small"
      type="number"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={problem !== undefined}
      helperText={problem ?? hint}
      slotProps={{ htmlInput: { min: 0.01, max: 1000, step: 'any' } }}
      {...(sx ? { sx } : {})}
    />
  );
}
