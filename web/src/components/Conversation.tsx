import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';
import { getJson } from '../api-client/http';
import { isOutbound } from '../format';
import { usePolling } from '../hooks/usePolling';
import type { SandboxMessages } from '../types';
import { ChatBubble } from './ChatBubble';

const POLL_MS = 5_000;

/** One phone's conversation with the platform, oldest first, as the phone sees it (ChatBubble): received on the left, replies on the right. */
export function Conversation({ phone }: { phone: string | null }) {
  const load = useCallback(
    (signal: AbortSignal) =>
      getJson<SandboxMessages>(`/sandbox/messages?to=${encodeURIComponent(phone ?? '')}`, { signal }),
    [phone],
  );
  const { data, error, loading } = usePolling(phone, load, POLL_MS);

  if (phone === null) {
    return (
      <Typography color="text.secondary" sx={{ p: 3 }}>
        Select a phone to see its conversation.
      </Typography>
    );
  }
  return (
    <Box component="section" aria-label={`Conversation with ${phone}`} sx={{ p: 2, maxHeight: 560, overflowY: 'auto' }}>
      <Typography variant="subtitle1" component="h4" sx={{ fontWeight: 600, mb: 2 }}>
        {phone}
      </Typography>
      {loading && <CircularProgress size={28} aria-label="Loading conversation" />}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          Could not load the conversation: {error.message}
        </Alert>
      )}
      {data && data.messages.length === 0 && <Typography color="text.secondary">No messages.</Typography>}
      {data && (
        <Stack spacing={1.5} aria-live="polite">
          {data.messages.map((message) => (
            <ChatBubble key={message.sid} message={message} outbound={isOutbound(message)} />
          ))}
        </Stack>
      )}
    </Box>
  );
}
