import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { Link as RouterLink } from 'react-router';
import type { components } from '../../api-client/schema';
import { StatusChip } from '../../components/StatusChip';
import { TestChip } from '../../components/TestChip';
import { formatDateTime, messageText } from '../../format';

type TMessage = components['schemas']['Message'];

/** Where a message came from: its run or campaign, as a link to that page. */
function Source({ message }: { message: TMessage }) {
  if (message.campaignId) {
    return (
      <Link component={RouterLink} to={`/campaigns/${message.campaignId}`}>
        Campaign
      </Link>
    );
  }
  if (message.runId) {
    return (
      <Link component={RouterLink} to={`/runs/${message.runId}`}>
        Run{message.nodeId ? ` · ${message.nodeId}` : ''}
      </Link>
    );
  }
  return <>—</>;
}

/** The message log as a table, newest first. */
export function MessagesTable({ messages }: { messages: readonly TMessage[] }) {
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Messages">
        <TableHead>
          <TableRow>
            <TableCell>Created</TableCell>
            <TableCell>Phone</TableCell>
            <TableCell>Channel</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Error</TableCell>
            <TableCell align="right">Attempts</TableCell>
            <TableCell>Source</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {messages.map((message) => (
            <TableRow key={message.id} hover>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(message.createdAt)}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{message.phone}</TableCell>
              <TableCell>{message.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'}</TableCell>
              <TableCell
                sx={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                title={messageText(message)}
              >
                {messageText(message)}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <StatusChip status={message.status} /> {message.isTest && <TestChip />}
              </TableCell>
              <TableCell>
                {message.errorCode !== null || message.error ? (
                  <Tooltip title={message.error ?? ''}>
                    <span tabIndex={0}>{message.errorCode ?? 'error'}</span>
                  </Tooltip>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell align="right">{message.attempts}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Source message={message} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
