import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { QueryStatus } from '../../components/QueryStatus';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime } from '../../format';
import { ContactFilters } from './ContactFilters';
import type { TNodeOption } from './graph-nodes';
import { PagerControls } from './PagerControls';
import { onActivate } from './row-activation';
import { useRunContacts, type TContactFilters } from './run-queries';
import type { TCursorPages } from './use-cursor-pages';

interface Props {
  runId: string;
  filters: TContactFilters;
  onFiltersChange: (change: Partial<TContactFilters>) => void;
  pages: TCursorPages;
  nodes: readonly TNodeOption[];
  nodeName: (id: string) => string;
  /** Refresh every 2 s: the run is still moving. */
  live: boolean;
  onOpen: (contactId: string) => void;
}

/** The run's contacts, filtered and paged, each row opening the contact's details. */
export function ContactsPanel({ runId, filters, onFiltersChange, pages, nodes, nodeName, live, onOpen }: Props) {
  const contacts = useRunContacts(runId, filters, pages.cursor, live);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="contacts-title" sx={{ p: 2 }}>
      <Typography id="contacts-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 2 }}>
        Contacts
      </Typography>
      <ContactFilters filters={filters} nodes={nodes} onChange={onFiltersChange} />
      <QueryStatus query={contacts} label="Loading contacts" />
      {contacts.data && (
        <>
          {/* A filter change keeps the old rows on screen until the new ones arrive. */}
          <LinearProgress
            aria-hidden
            sx={{ visibility: contacts.isPlaceholderData ? 'visible' : 'hidden', height: 2 }}
          />
          <TableContainer>
            <Table size="small" aria-label="Contacts">
              <TableHead>
                <TableRow>
                  <TableCell>Phone</TableCell>
                  <TableCell>State</TableCell>
                  <TableCell>At node</TableCell>
                  <TableCell>Last change</TableCell>
                  <TableCell>Error</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {contacts.data.items.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={5} sx={{ textAlign: 'center', py: 4, color: 'text.secondary' }}>
                      {pages.hasPrevious ? 'No more contacts.' : 'No contacts match these filters.'}
                    </TableCell>
                  </TableRow>
                )}
                {contacts.data.items.map((contact) => (
                  <TableRow
                    key={contact.id}
                    hover
                    tabIndex={0}
                    aria-label={`Open ${contact.phone}`}
                    onClick={() => onOpen(contact.id)}
                    onKeyDown={onActivate(() => onOpen(contact.id))}
                    sx={{ cursor: 'pointer' }}
                  >
                    <TableCell sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {contact.phone}
                    </TableCell>
                    <TableCell>
                      <StatusChip status={contact.state} />
                    </TableCell>
                    <TableCell>{contact.cursor ? nodeName(contact.cursor) : '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(contact.updatedAt)}</TableCell>
                    <TableCell
                      sx={{
                        color: 'error.main',
                        maxWidth: 320,
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        whiteSpace: 'nowrap',
                      }}
                      title={contact.error ?? undefined}
                    >
                      {contact.error ?? ''}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <PagerControls pages={pages} nextCursor={contacts.data.nextCursor} label="Contacts" />
        </>
      )}
    </Paper>
  );
}
