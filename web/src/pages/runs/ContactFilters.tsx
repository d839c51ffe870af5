import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { phoneSearchPrefix, type TNodeOption } from './graph-nodes';
import type { TContactFilters } from './run-queries';
import { CONTACT_STATES, type TContactState } from './run-status';

const STATE_LABELS: Record<TContactState, string> = {
  queued: 'Queued',
  active: 'Active',
  waiting: 'Waiting',
  waiting_reply: 'Waiting for reply',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Stopped',
};

/** Typing pauses this long before the search runs: one request per search, not per key. */
const SEARCH_DELAY_MS = 300;

interface Props {
  filters: TContactFilters;
  nodes: readonly TNodeOption[];
  onChange: (change: Partial<TContactFilters>) => void;
}

/** The contacts table's filters: state, current node, phone prefix. */
export function ContactFilters({ filters, nodes, onChange }: Props) {
  const [search, setSearch] = useState('');
  useEffect(() => {
    const prefix = phoneSearchPrefix(search);
    if (prefix === filters.phone) return undefined;
    const timer = window.setTimeout(() => onChange({ phone: prefix }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, filters.phone, onChange]);

  return (
    <Stack direction="row" spacing={2} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 2 }}>
      <TextField
        select
        id="contacts-state"
        label="State"
        size="small"
        value={filters.state}
        onChange={(e) => onChange({ state: e.target.value as TContactFilters['state'] })}
        sx={{ minWidth: 180 }}
      >
        <MenuItem value="">Any state</MenuItem>
        {CONTACT_STATES.map((state) => (
          <MenuItem key={state} value={state}>
            {STATE_LABELS[state]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="contacts-node"
        label="Node"
        size="small"
        value={filters.node}
        onChange={(e) => onChange({ node: e.target.value })}
        sx={{ minWidth: 240 }}
      >
        <MenuItem value="">Any node</MenuItem>
        {nodes.map((node) => (
          <MenuItem key={node.id} value={node.id}>
            {node.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="contacts-phone"
        label="Search phone"
        size="small"
        type="search"
        placeholder="+44 7911"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        helperText="Start of the number, with its country code"
        sx={{ minWidth: 240 }}
      />
    </Stack>
  );
}
