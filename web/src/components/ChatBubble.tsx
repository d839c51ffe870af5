import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatDateTime, messageText } from '../format';
import type { SandboxButton, SandboxMessage } from '../types';
import { StatusChip } from './StatusChip';

// WhatsApp's own-message green: the phone's replies look like what a person sent.
const OWN_MESSAGE_BG = '#d9fdd3';

interface Props {
  message: SandboxMessage;
  outbound: boolean;
  /** Tapping a quick-reply button (the phone simulator); without it the buttons are only shown. */
  onTap?: ((button: SandboxButton) => void) | undefined;
  isSending?: boolean;
}

/**
 * A message as the phone sees it: what the platform sent arrives on the left in grey with
 * its delivery status and, under it, its quick-reply buttons as WhatsApp draws them; the
 * phone's own replies sit on the right in green.
 */
export function ChatBubble({ message, outbound, onTap, isSending = false }: Props) {
  const buttons = message.buttons ?? [];
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: outbound ? 'flex-start' : 'flex-end', gap: 0.5 }}>
      <Paper
        elevation={0}
        sx={{
          px: 1.5,
          py: 1,
          maxWidth: '75%',
          bgcolor: outbound ? 'grey.100' : OWN_MESSAGE_BG,
          color: 'text.primary',
          border: 1,
          borderColor: outbound ? 'grey.300' : 'transparent',
          borderBottomLeftRadius: outbound ? 2 : undefined,
          borderBottomRightRadius: outbound ? undefined : 2,
        }}
      >
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {messageText(message)}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 0.5, alignItems: 'center', justifyContent: 'flex-end' }}>
          <Typography variant="caption" color="text.secondary">
            {message.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} · {formatDateTime(message.dateCreated)}
          </Typography>
          {outbound && <StatusChip status={message.status} />}
          {outbound && message.errorCode !== null && (
            <Typography variant="caption" color="error">
              error {message.errorCode}
            </Typography>
          )}
        </Stack>
      </Paper>
      {buttons.length > 0 && (
        <Stack role="group" aria-label="Quick replies" spacing={0.5} sx={{ width: '75%', maxWidth: 320 }}>
          {buttons.map((button) => (
            <Button
              key={button.id}
              size="small"
              variant="outlined"
              disabled={!onTap || isSending}
              onClick={() => onTap?.(button)}
              title={`Sends ButtonPayload ${button.id}`}
              sx={{ textTransform: 'none', bgcolor: 'background.paper' }}
            >
              {button.title}
            </Button>
          ))}
        </Stack>
      )}
    </Box>
  );
}
