import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime, messageText } from '../../format';

/** The fields of an outbound message this list shows (a MessageLog row). */
export interface TContactMessage {
  id: string;
  nodeId: string | null;
  channel: string;
  body: string | null;
  contentSid: string | null;
  status: string;
  errorCode: number | null;
  error: string | null;
  attempts: number;
  createdAt: string;
}

/** A contact's outbound messages, oldest first, each with its delivery status. */
export function ContactMessages({
  messages,
  nodeName,
}: {
  messages: readonly TContactMessage[];
  nodeName: (id: string) => string;
}) {
  if (messages.length === 0) return <Typography color="text.secondary">No message sent yet.</Typography>;
  return (
    <List dense disablePadding aria-label="Messages">
      {messages.map((message) => (
        <ListItem key={message.id} divider disableGutters alignItems="flex-start">
          <ListItemText
            primary={
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {messageText(message)}
              </Typography>
            }
            secondary={
              <>
                {message.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'}
                {message.nodeId && ` · ${nodeName(message.nodeId)}`} · {formatDateTime(message.createdAt)} ·{' '}
                {message.attempts} {message.attempts === 1 ? 'attempt' : 'attempts'}
                {(message.errorCode !== null || message.error) && (
                  <Typography component="span" variant="body2" color="error" sx={{ display: 'block' }}>
                    {message.errorCode !== null && `Error ${message.errorCode}`}
                    {message.errorCode !== null && message.error && ': '}
                    {message.error}
                  </Typography>
                )}
              </>
            }
          />
          <Stack sx={{ ml: 1, mt: 0.75 }}>
            <StatusChip status={message.status} />
          </Stack>
        </ListItem>
      ))}
    </List>
  );
}
