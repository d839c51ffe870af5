import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useAppConfig } from '../../auth/session';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { PhoneList } from '../../components/PhoneList';
import { fetchPhones, simulatorKeys } from './sandbox-api';
import { SimulatorConversation } from './SimulatorConversation';

const POLL_MS = 2_000;
// Below the app bar, the page padding and the header: the two panes scroll, not the page.
const PANE_HEIGHT = 'calc(100vh - 190px)';

/** Left pane: every phone the sandbox has seen, refreshed every 2 s. */
function PhonesPane({ selected, onSelect }: { selected: string | null; onSelect: (phone: string) => void }) {
  const query = useQuery({
    queryKey: simulatorKeys.phones,
    queryFn: ({ signal }) => fetchPhones(signal),
    refetchInterval: POLL_MS,
  });
  if (query.isPending) return <LoadingState label="Loading sandbox phones" />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <PhoneList phones={query.data.phones} selected={selected} onSelect={onSelect} />;
}

/**
 * `/simulator` (sandbox mode only): be the contacts. Every sandbox phone on the left; on
 * the right the selected phone's chat as the phone sees it, with buttons for the answers
 * its journey waits for and a reply box. The phone is in the URL (`?phone=`) so a reload
 * or a shared link opens the same chat.
 */
export function SimulatorPage() {
  const config = useAppConfig();
  const [params, setParams] = useSearchParams();
  const selected = params.get('phone');

  if (config.isPending) return <LoadingState label="Loading settings" />;
  if (config.isError) return <ErrorState error={config.error} onRetry={() => void config.refetch()} />;
  if (!config.data.sandbox) {
    return (
      <>
        <PageHeader title="Phone simulator" />
        <Alert severity="info">
          The phone simulator works with the built-in Twilio sandbox only. This deployment sends through a real Twilio
          account, so messages go to real phones.
        </Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Phone simulator"
        subtitle="See what each contact received and reply as that contact. Refreshed every 2 s."
      />
      <Paper variant="outlined" sx={{ display: 'flex', height: PANE_HEIGHT, minHeight: 480, overflow: 'hidden' }}>
        <Box sx={{ width: 320, flexShrink: 0, borderRight: 1, borderColor: 'divider', overflowY: 'auto' }}>
          <PhonesPane selected={selected} onSelect={(phone) => setParams({ phone })} />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          {selected ? (
            <SimulatorConversation key={selected} phone={selected} />
          ) : (
            <Typography color="text.secondary" sx={{ p: 3 }}>
              Select a phone to see its conversation.
            </Typography>
          )}
        </Box>
      </Paper>
    </>
  );
}
