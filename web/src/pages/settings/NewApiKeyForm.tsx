import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { enqueueSnackbar } from 'notistack';
import { useState, type FormEvent } from 'react';
import { useCreateApiKey } from './api-key-queries';

/** Names a new key and picks its role; then shows the key, once, with a copy button. */
export function NewApiKeyForm() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'member'>('member');
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const create = useCreateApiKey();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), role },
      {
        onSuccess: (answer) => {
          setShown({ name: answer.apiKey.name, key: answer.key });
          setName('');
        },
      },
    );
  };
  const copy = async (key: string) => {
    try {
      await navigator.clipboard.writeText(key);
      enqueueSnackbar('Key copied.', { variant: 'success' });
    } catch {
      enqueueSnackbar('Could not copy: select the key and copy it.', { variant: 'warning' });
    }
  };

  return (
    <Stack spacing={2}>
      <Stack component="form" direction="row" spacing={2} onSubmit={submit} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Key name"
          size="small"
          value={name}
          onChange={(e) => setName(e.target.value)}
          helperText="What uses it, e.g. CRM sync"
          slotProps={{ htmlInput: { maxLength: 200 } }}
          required
        />
        <TextField
          select
          label="Role"
          size="small"
          value={role}
          onChange={(e) => setRole(e.target.value as 'admin' | 'member')}
          sx={{ minWidth: 140 }}
        >
          <MenuItem value="member">Member</MenuItem>
          <MenuItem value="admin">Admin</MenuItem>
        </TextField>
        <Button type="submit" variant="contained" loading={create.isPending} disabled={name.trim() === ''}>
          Create key
        </Button>
      </Stack>
      {shown && (
        <Alert severity="success" onClose={() => setShown(null)} role="status" aria-label="New API key">
          <Typography variant="body2" sx={{ mb: 1 }}>
            “{shown.name}” created. Copy the key now: it is not shown again.
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography
              component="code"
              data-testid="new-api-key"
              sx={{ fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}
            >
              {shown.key}
            </Typography>
            <Tooltip title="Copy">
              <IconButton aria-label="Copy key" size="small" onClick={() => void copy(shown.key)}>
                <ContentCopyIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
