import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { enqueueSnackbar } from 'notistack';
import { QueryStatus } from '../../components/QueryStatus';
import { formatDateTime } from '../../format';
import { useApiKeys, useRevokeApiKey } from './api-key-queries';
import { NewApiKeyForm } from './NewApiKeyForm';

/**
 * The workspace's API keys for REST integrations: create (the key shown once), list and
 * revoke. Admins only; a member is told so rather than shown a 403.
 */
export function ApiKeysSection({ isAdmin }: { isAdmin: boolean }) {
  const keys = useApiKeys(isAdmin);
  const revoke = useRevokeApiKey();

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="api-keys-title">
      <Typography id="api-keys-title" variant="h6" component="h2">
        API keys
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        For integrations that call the REST API: send a key as <code>Authorization: Bearer ick_…</code>. A key acts as
        you, at its role at most, until revoked.
      </Typography>
      {!isAdmin ? (
        <Typography variant="body2">Only admins can create and revoke API keys.</Typography>
      ) : (
        <Stack spacing={2}>
          <NewApiKeyForm />
          <QueryStatus query={keys} label="Loading API keys" />
          {keys.data && keys.data.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              No API keys yet.
            </Typography>
          )}
          {keys.data && keys.data.length > 0 && (
            <TableContainer>
              <Table size="small" aria-label="API keys">
                <TableHead>
                  <TableRow>
                    <TableCell>Name</TableCell>
                    <TableCell>Key</TableCell>
                    <TableCell>Role</TableCell>
                    <TableCell>Created</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>Last used</TableCell>
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {keys.data.map((key) => (
                    <TableRow key={key.id}>
                      <TableCell sx={{ fontWeight: 600 }}>{key.name}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{key.prefix}…</TableCell>
                      <TableCell>{key.role}</TableCell>
                      <TableCell>
                        {formatDateTime(key.createdAt)} by {key.createdBy.email}
                      </TableCell>
                      <TableCell>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</TableCell>
                      <TableCell align="right">
                        <Button
                          color="error"
                          size="small"
                          aria-label={`Revoke ${key.name}`}
                          disabled={revoke.isPending}
                          onClick={() =>
                            revoke.mutate(key.id, {
                              onSuccess: () => enqueueSnackbar(`Revoked “${key.name}”.`, { variant: 'success' }),
                            })
                          }
                        >
                          Revoke
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </Stack>
      )}
    </Paper>
  );
}
