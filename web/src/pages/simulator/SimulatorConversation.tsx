import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { enqueueSnackbar } from 'notistack';
import { useEffect, useMemo, useRef } from 'react';
import { ChatBubble } from '../../components/ChatBubble';
import { QueryStatus } from '../../components/QueryStatus';
import { isOutbound } from '../../format';
import type { SandboxButton, SandboxMessage, SandboxReplyResult } from '../../types';
import { ReplyBox } from './ReplyBox';
import { receivedButtons } from './reply-options';
import { ReplyOptionsBar } from './ReplyOptionsBar';
import { fetchConversation, simulatorKeys } from './sandbox-api';
import { useSendReply } from './use-send-reply';

const POLL_MS = 2_000;

/** The API took the webhook but did not accept it (e.g. 403 for a bad signature): worth knowing while testing. */
function warnIfRefused(result: SandboxReplyResult) {
  if (result.webhookStatus >= 400)
    enqueueSnackbar(`The inbound webhook answered ${result.webhookStatus}: the journey did not get this reply.`, {
      variant: 'warning',
    });
}

/** Messages, oldest first, scrolled to the newest whenever a new one arrives. */
function MessageList({
  messages,
  onTap,
  isSending,
}: {
  messages: readonly SandboxMessage[];
  onTap: (button: SandboxButton) => void;
  isSending: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const lastSid = messages.at(-1)?.sid;
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastSid]);
  return (
    // Focusable so keyboard users can scroll it; a log, so screen readers announce new messages.
    <Box
      ref={ref}
      role="log"
      aria-label="Messages"
      tabIndex={0}
      sx={{ flex: 1, minHeight: 0, overflowY: 'auto', p: 2, bgcolor: '#efeae2' }}
    >
      {messages.length === 0 ? (
        <Typography color="text.secondary">No messages yet.</Typography>
      ) : (
        <Stack spacing={1.5}>
          {messages.map((message) => (
            <ChatBubble
              key={message.sid}
              message={message}
              outbound={isOutbound(message)}
              onTap={isOutbound(message) ? onTap : undefined}
              isSending={isSending}
            />
          ))}
        </Stack>
      )}
    </Box>
  );
}

/** The right-hand side of the simulator: one phone's chat, its answer buttons and its reply box. */
export function SimulatorConversation({ phone }: { phone: string }) {
  const query = useQuery({
    queryKey: simulatorKeys.conversation(phone),
    queryFn: ({ signal }) => fetchConversation(phone, signal),
    refetchInterval: POLL_MS,
  });
  const send = useSendReply(phone);
  const received = useMemo(() => receivedButtons(query.data?.messages ?? []), [query.data]);

  return (
    <Box
      component="section"
      aria-label={`Conversation with ${phone}`}
      sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}
    >
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, px: 2, py: 1.5 }}>
        {phone}
      </Typography>
      <Divider />
      <QueryStatus query={query} label="Loading conversation" />
      {query.data && (
        <MessageList
          messages={query.data.messages}
          isSending={send.isPending}
          // A tap sends what WhatsApp sends: the button's title as the text, its id as ButtonPayload.
          onTap={(button) => send.mutate({ body: button.title, payload: button.id }, { onSuccess: warnIfRefused })}
        />
      )}
      <Divider />
      <Stack spacing={1.5} sx={{ p: 2 }}>
        <ReplyOptionsBar
          phone={phone}
          received={received}
          isSending={send.isPending}
          onReply={(button) => send.mutate(button.reply, { onSuccess: warnIfRefused })}
        />
        <ReplyBox
          isSending={send.isPending}
          onSend={(body, done) =>
            send.mutate(
              { body },
              {
                onSuccess: (result) => {
                  done();
                  warnIfRefused(result);
                },
              },
            )
          }
        />
      </Stack>
    </Box>
  );
}
