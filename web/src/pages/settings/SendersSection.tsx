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
import { useState } from 'react';
import { QueryStatus } from '../../components/QueryStatus';
import { formatSeconds } from '../../format';
import { EditSenderDialog } from './EditSenderDialog';
import { NewSenderForm } from './NewSenderForm';
import { KIND_LABELS, useRemoveSender, useSenders, type TSender } from './sender-queries';

/** The rate as it reads: its unit, whose figure it is, and whether back-pressure lowered it. */
function rateText(sender: TSender): string {
  const unit = sender.channel === 'whatsapp' ? 'msg/s' : 'segments/s';
  const whose = sender.customRate === null ? ' (Twilio’s figure)' : '';
  const lowered =
    sender.rateFactor !== undefined && sender.rateFactor < 1
      ? `, now ${+(sender.ratePerSec * sender.rateFactor).toFixed(2)} (slowed by Twilio)`
      : '';
  return `${sender.ratePerSec} ${unit}${whose}${lowered}`;
}

/**
 * The workspace's senders: each number or Messaging Service with its kind, its rate and how
 * long the sends waiting for it take to drain. Admins add, edit and remove them.
 */
export function SendersSection({ isAdmin }: { isAdmin: boolean }) {
  const senders = useSenders();
  const remove = useRemoveSender();
  const [editing, setEditing] = useState<TSender | null>(null);
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} component="section" aria-labelledby="senders-title">
      <Typography id="senders-title" variant="h6" component="h2">
        Senders
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Messages go out from these numbers, each at its own rate; a contact keeps the number it was first messaged from,
        so its replies come back to it. With none on a channel, the shared default sender is used.
      </Typography>
      <Stack spacing={2}>
        {isAdmin && <NewSenderForm />}
        <QueryStatus query={senders} label="Loading senders" />
        {senders.data && senders.data.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            No senders of its own: the workspace sends from the default sender.
          </Typography>
        )}
        {senders.data && senders.data.length > 0 && (
          <TableContainer>
            <Table size="small" aria-label="Senders">
              <TableHead>
                <TableRow>
                  <TableCell>Sender</TableCell>
                  <TableCell>Channel</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>Rate</TableCell>
                  <TableCell>Waiting</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>Drains in</TableCell>
                  {isAdmin && <TableCell />}
                </TableRow>
              </TableHead>
              <TableBody>
                {senders.data.map((sender) => (
                  <TableRow key={sender.id}>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{sender.address}</TableCell>
                    <TableCell>{sender.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'}</TableCell>
                    <TableCell>{KIND_LABELS[sender.kind]}</TableCell>
                    <TableCell>{rateText(sender)}</TableCell>
                    <TableCell>{sender.queued ? `${sender.queued.messages} messages` : '–'}</TableCell>
                    <TableCell>
                      {sender.drainSeconds ? formatSeconds(sender.drainSeconds) : 'Nothing waiting'}
                    </TableCell>
                    {isAdmin && (
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        <Button size="small" aria-label={`Edit ${sender.address}`} onClick={() => setEditing(sender)}>
                          Edit
                        </Button>
                        <Button
                          color="error"
                          size="small"
                          aria-label={`Remove ${sender.address}`}
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(sender.id)}
                        >
                          Remove
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Stack>
      {editing && <EditSenderDialog sender={editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}
