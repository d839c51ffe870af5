import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatDateTime } from '../../format';
import { repliesOf, type THistoryEntry } from './contact-history';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * What the contact replied, newest first, from its path. The last inbound message is shown
 * on its own only when the path has no reply (it arrived while nothing was waiting for it).
 */
export function ContactReplies({
  history,
  lastInbound,
}: {
  history: readonly THistoryEntry[];
  lastInbound: Record<string, unknown> | null;
}) {
  const replies = repliesOf(history);
  if (replies.length === 0) {
    const inbound = lastInbound ? (text(lastInbound.payload) ?? text(lastInbound.text)) : undefined;
    if (inbound === undefined || lastInbound === null)
      return <Typography color="text.secondary">No reply yet.</Typography>;
    const received = text(lastInbound.receivedAt);
    return (
      <Typography variant="body2">
        Last message from the contact: “{inbound}”{received && ` (${formatDateTime(received)})`}
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Replies">
      {replies.map((reply, index) => (
        <ListItem key={`${reply.at}-${index}`} disableGutters divider>
          <ListItemText
            primary={reply.detail ? `“${reply.detail}”` : '(empty reply)'}
            secondary={formatDateTime(reply.at)}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** The contact's variables from the launch CSV, by name. */
export function ContactVariables({ vars }: { vars: Record<string, string> }) {
  const entries = Object.entries(vars).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <Typography color="text.secondary">No variables.</Typography>;
  return (
    <Table size="small" aria-label="Variables">
      <TableBody>
        {entries.map(([name, value]) => (
          <TableRow key={name}>
            <TableCell component="th" scope="row" sx={{ fontWeight: 600, width: '40%', wordBreak: 'break-word' }}>
              {name}
            </TableCell>
            <TableCell sx={{ wordBreak: 'break-word' }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
