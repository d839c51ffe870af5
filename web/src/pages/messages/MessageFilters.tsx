import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { fromLocalInput, MESSAGE_STATUSES, NO_FILTERS, toLocalInput, type TMessageFilters } from './message-filters';

interface Props {
  value: TMessageFilters;
  onApply: (filters: TMessageFilters) => void;
}

/**
 * The filter bar. Typing edits a draft and "Apply" (or Enter) commits it to the URL, so
 * each keystroke in an id is not a request; the page remounts this when the URL changes.
 */
export function MessageFilters({ value, onApply }: Props) {
  const [draft, setDraft] = useState(value);
  const set = (key: keyof TMessageFilters, v: string) => setDraft((d) => ({ ...d, [key]: v }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const field = { size: 'small', slotProps: { inputLabel: { shrink: true } } } as const;

  return (
    <Paper
      component="form"
      role="search"
      aria-label="Message filters"
      variant="outlined"
      onSubmit={onSubmit}
      sx={{
        p: 2,
        mb: 2,
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
        alignItems: 'start',
      }}
    >
      <TextField
        {...field}
        label="Run id"
        value={draft.runId}
        onChange={(e) => set('runId', e.target.value)}
        placeholder="any"
      />
      <TextField
        {...field}
        label="Campaign id"
        value={draft.campaignId}
        onChange={(e) => set('campaignId', e.target.value)}
        placeholder="any"
      />
      <TextField
        {...field}
        label="Phone"
        value={draft.phone}
        onChange={(e) => set('phone', e.target.value)}
        placeholder="+14155552671"
      />
      <TextField
        {...field}
        select
        label="Status"
        value={draft.status}
        onChange={(e) => {
          // A choice in a select is a decision, not typing: apply it at once.
          const next = { ...draft, status: e.target.value };
          setDraft(next);
          onApply(next);
        }}
        slotProps={{ ...field.slotProps, select: { displayEmpty: true } }}
      >
        <MenuItem value="">Any status</MenuItem>
        {/* A shared link may list several (`failed,undelivered`): keep it selectable as it came. */}
        {draft.status !== '' && !(MESSAGE_STATUSES as readonly string[]).includes(draft.status) && (
          <MenuItem value={draft.status}>{draft.status}</MenuItem>
        )}
        {MESSAGE_STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {status}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        {...field}
        type="datetime-local"
        label="From"
        value={toLocalInput(draft.from)}
        onChange={(e) => set('from', fromLocalInput(e.target.value))}
      />
      <TextField
        {...field}
        type="datetime-local"
        label="To"
        value={toLocalInput(draft.to)}
        onChange={(e) => set('to', fromLocalInput(e.target.value))}
      />
      <div style={{ display: 'flex', gap: 8 }}>
        <Button type="submit" variant="contained">
          Apply
        </Button>
        <Button
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
    </Paper>
  );
}
