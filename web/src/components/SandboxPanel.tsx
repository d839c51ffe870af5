import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardHeader from '@mui/material/CardHeader';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import { useState } from 'react';
import { ApiError, getJson } from '../api-client/http';
import { usePolling } from '../hooks/usePolling';
import type { SandboxPhones } from '../types';
import { Conversation } from './Conversation';
import { PhoneList } from './PhoneList';

const POLL_MS = 5_000;

const loadPhones = (signal: AbortSignal) => getJson<SandboxPhones>('/sandbox/phones', { signal });

/** The built-in Twilio sandbox: every phone that got or sent a message, and its conversation. */
export function SandboxPanel() {
  const { data, error, loading } = usePolling('sandbox-phones', loadPhones, POLL_MS);
  const [selected, setSelected] = useState<string | null>(null);
  const sandboxOff = error instanceof ApiError && error.status === 404;

  return (
    <Card component="section" aria-labelledby="sandbox-title">
      <CardHeader
        title="Sandbox phones"
        subheader="Messages sent to the built-in Twilio sandbox, refreshed every 5 s"
        slotProps={{ title: { id: 'sandbox-title', component: 'h3', variant: 'h6' } }}
      />
      <Divider />
      {loading && (
        <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}>
          <CircularProgress aria-label="Loading sandbox phones" />
        </Box>
      )}
      {sandboxOff && (
        <Alert severity="info" sx={{ m: 2 }}>
          Sandbox is off (a real Twilio account is configured)
        </Alert>
      )}
      {error && !sandboxOff && (
        <Alert severity="error" sx={{ m: 2 }}>
          Could not load sandbox phones: {error.message}
        </Alert>
      )}
      {data && !sandboxOff && (
        <Box sx={{ display: 'flex', minHeight: 420 }}>
          <Box
            sx={{
              width: 340,
              flexShrink: 0,
              borderRight: 1,
              borderColor: 'divider',
              overflowY: 'auto',
              maxHeight: 560,
            }}
          >
            <PhoneList phones={data.phones} selected={selected} onSelect={setSelected} />
          </Box>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Conversation phone={selected} />
          </Box>
        </Box>
      )}
    </Card>
  );
}
