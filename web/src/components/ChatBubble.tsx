import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatDateTime, messageText } from '../format';
import type { SandboxMessage } from '../types';

const FAILED = new Set(['failed', 'undelivered']);

/** A message as a chat bubble; outbound ones also show their delivery status. */
export function ChatBubble({ message, outbound }: { message: SandboxMessage; outbound: boolean }) {
  const failed = FAILED.has(message.status);
  return (
    <Box sx={{ display: 'flex', justifyContent: outbound ? 'flex-end' : 'flex-start' }}>
      <Paper
        elevation={0}
        sx={{
          px: 1.5,
          py: 1,
          maxWidth: '75%',
          bgcolor: outbound ? 'primary.main' : 'grey.200',
          color: outbound ? 'primary.contrastText' : 'text.primary',
          borderBottomRightRadius: outbound ? 2 : undefined,
          borderBottomLeftRadius: outbound ? undefined : 2,
        }}
      >
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {messageText(message)}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 0.5, alignItems: 'center', justifyContent: 'flex-end' }}>
          <Typography variant="caption" sx={{ opacity: 0.8 }}>
            {message.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} · {formatDateTime(message.dateCreated)}
          </Typography>
          {outbound && (
            <Chip
              size="small"
              label={message.errorCode ? `${message.status} (${message.errorCode})` : message.status}
              color={failed ? 'error' : 'default'}
              sx={failed ? undefined : { bgcolor: 'rgba(255,255,255,0.2)', color: 'inherit' }}
            />
          )}
        </Stack>
      </Paper>
    </Box>
  );
}
