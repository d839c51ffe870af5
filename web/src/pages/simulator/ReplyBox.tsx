import SendIcon from '@mui/icons-material/Send';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';

/** The phone's text box: "Reply" and "Send"; Enter sends (it is a one-line field, as on a phone). */
export function ReplyBox({
  onSend,
  isSending,
}: {
  onSend: (body: string, done: () => void) => void;
  isSending: boolean;
}) {
  const [text, setText] = useState('');
  const canSend = text.trim() !== '' && !isSending;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The text stays until the reply is accepted, so a failed send can be retried as typed.
    if (canSend) onSend(text.trim(), () => setText(''));
  };
  return (
    <Box component="form" onSubmit={onSubmit} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
      <TextField
        label="Reply"
        size="small"
        fullWidth
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
        slotProps={{ htmlInput: { maxLength: 1600 } }}
      />
      <Button type="submit" variant="contained" endIcon={<SendIcon />} disabled={!canSend}>
        Send
      </Button>
    </Box>
  );
}
