import Close from '@mui/icons-material/Close';
import OpenInNew from '@mui/icons-material/OpenInNew';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { StatusChip } from '../../components/StatusChip';
import { TestChip } from '../../components/TestChip';
import { formatDateTime } from '../../format';
import { ContactMessages } from './ContactMessages';
import { ContactReplies, ContactVariables } from './ContactFacts';
import { ContactTimeline } from './ContactTimeline';
import { MAX_STEPS_PER_REQUEST, OLDER_STEPS_PAGE, shownHistory } from './contact-history';
import { useOlderHistory, useRunContact } from './run-queries';

interface Props {
  runId: string;
  /** The contact shown; null closes the drawer. */
  contactId: string | null;
  live: boolean;
  nodeName: (id: string) => string;
  onClose: () => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" sx={{ mt: 3 }}>
      <Typography
        variant="subtitle2"
        component="h3"
        sx={{ mb: 1, textTransform: 'uppercase', letterSpacing: 0.5, color: 'text.secondary' }}
      >
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** Where the contact is: at a node, else finished (a done contact has no node any more) or not started yet. */
function placeOf(contact: { cursor: string | null; endedAt: string | null }, nodeName: (id: string) => string): string {
  if (contact.cursor) return `At ${nodeName(contact.cursor)}`;
  return contact.endedAt ? 'Finished' : 'Not started';
}

/** One contact of the run: where it is, its path, its messages and replies, its variables. */
export function ContactDrawer({ runId, contactId, live, nodeName, onClose }: Props) {
  const contact = useRunContact(runId, contactId, live);
  const data = contact.data;
  // How many steps before the latest page the person asked to see, for this contact.
  const [older, setOlder] = useState({ contactId, count: 0 });
  const olderCount = older.contactId === contactId ? older.count : 0;
  const olderHistory = useOlderHistory(runId, contactId, data?.historyBefore ?? null, olderCount);
  const shown = data ? shownHistory(data, olderCount > 0 ? olderHistory.data : undefined) : undefined;
  const showOlder = () =>
    setOlder({ contactId, count: Math.min(olderCount + OLDER_STEPS_PAGE, MAX_STEPS_PER_REQUEST) });
  return (
    <Drawer
      anchor="right"
      open={contactId !== null}
      onClose={onClose}
      // Above the app bar, which sits over the navigation drawer (zIndex.drawer + 1): at the
      // drawers' own level it would hide this drawer's heading and its Close button.
      sx={{ zIndex: (theme) => theme.zIndex.modal }}
      slotProps={{
        paper: { role: 'dialog', 'aria-label': 'Contact details', sx: { width: 480, maxWidth: '100vw', p: 3 } },
      }}
    >
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1, fontVariantNumeric: 'tabular-nums' }}>
          {data?.phone ?? 'Contact'}
        </Typography>
        {data?.isTest && <TestChip size="medium" />}
        {data && <StatusChip status={data.state} size="medium" />}
        <IconButton aria-label="Close" onClick={onClose} edge="end">
          <Close />
        </IconButton>
      </Stack>
      {contact.isPending && <LoadingState label="Loading the contact" />}
      {contact.isError && !data && <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />}
      {data && (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {placeOf(data, nodeName)} · since {formatDateTime(data.updatedAt)}
            {data.endedAt && ` · ended ${formatDateTime(data.endedAt)}`}
          </Typography>
          <Typography variant="body2" sx={{ mt: 1 }}>
            <Link
              href={data.temporalUiUrl}
              target="_blank"
              rel="noopener noreferrer"
              sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}
            >
              Open in Temporal UI <OpenInNew fontSize="inherit" />
            </Link>
          </Typography>
          <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {data.workflowId}
          </Typography>
          {data.error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {data.error}
            </Alert>
          )}
          <Section title="Path">
            {shown?.olderBefore !== null && (
              <Button
                size="small"
                onClick={showOlder}
                disabled={olderHistory.isFetching || olderCount >= MAX_STEPS_PER_REQUEST}
                sx={{ mb: 1 }}
              >
                Show older steps
              </Button>
            )}
            {shown?.olderBefore === null && data.historyDropped > 0 && (
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {data.historyDropped} earlier steps are no longer kept.
              </Typography>
            )}
            <ContactTimeline history={shown?.entries ?? data.history} nodeName={nodeName} />
          </Section>
          <Section title="Messages">
            <ContactMessages messages={data.messages} nodeName={nodeName} />
          </Section>
          <Section title="Replies">
            <ContactReplies history={shown?.entries ?? data.history} lastInbound={data.lastInbound} />
          </Section>
          <Section title="Variables">
            <ContactVariables vars={data.vars} />
          </Section>
        </>
      )}
    </Drawer>
  );
}
