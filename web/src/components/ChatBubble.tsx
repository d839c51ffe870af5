import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatDateTime, messageText } from '../format';
import type { SandboxMessage } from '../types';
import { StatusChip } from './StatusChip';

// WhatsApp's own-message green: the phone's replies look like what a person sent.
const OWN_MESSAGE_BG = '#d9fdd3';

/**
 * A message as the phone sees it: what the platform sent arrives on the left in grey with
 * its delivery status; the phone's own replies sit on the right in green.
 */
export function ChatBubble({ message, outbound }: { message: SandboxMessage; outbound: boolean }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: outbound ? 'flex-start' : 'flex-end' }}>
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
    </Box>
  );
}
