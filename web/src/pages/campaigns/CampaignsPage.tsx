import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { api, unwrap } from '../../api-client/client';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, QueryStatus } from '../../components/QueryStatus';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime } from '../../format';
import { isCampaignActive } from './campaign-message';
import { CampaignProgress } from './CampaignProgress';
import { NewCampaignDialog } from './NewCampaignDialog';
import { campaignKeys } from './use-create-campaign';

// The list shows the API's last progress snapshot; while something runs it is worth a refresh.
const ACTIVE_REFRESH_MS = 5_000;

/** `/campaigns`: every campaign with status, progress and counts, and the "New campaign" dialog. */
export function CampaignsPage() {
  const [isCreating, setIsCreating] = useState(false);
  const query = useInfiniteQuery({
    queryKey: campaignKeys.list(),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/campaigns', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((c) => isCampaignActive(c.status))) ? ACTIVE_REFRESH_MS : false,
  });
  const campaigns = query.data?.pages.flatMap((page) => page.items) ?? [];
  const newButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setIsCreating(true)}>
      New campaign
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Campaigns"
        subtitle="One message to a list, sent with the same rate limits, retries and opt-outs as journeys."
        actions={newButton}
      />
      <QueryStatus query={query} label="Loading campaigns" />
      {query.data && campaigns.length === 0 && (
        <EmptyState
          title="No campaigns yet"
          description="Upload a CSV of contacts and send them one WhatsApp or SMS message, written here or from a template."
          action={
            <Button variant="outlined" onClick={() => setIsCreating(true)}>
              Create a campaign
            </Button>
          }
        />
      )}
      {campaigns.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label="Campaigns">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Channel</TableCell>
                <TableCell>Status</TableCell>
                <TableCell sx={{ width: 200 }}>Progress</TableCell>
                <TableCell align="right">Recipients</TableCell>
                <TableCell align="right">Sent</TableCell>
                <TableCell align="right">Delivered</TableCell>
                <TableCell align="right">Failed</TableCell>
                <TableCell align="right">Held back</TableCell>
                <TableCell>Created</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {campaigns.map((campaign) => (
                <TableRow key={campaign.id} hover>
                  <TableCell>
                    <Link component={RouterLink} to={`/campaigns/${campaign.id}`} sx={{ fontWeight: 600 }}>
                      {campaign.name}
                    </Link>
                  </TableCell>
                  <TableCell>{campaign.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'}</TableCell>
                  <TableCell>
                    <StatusChip status={campaign.status} />
                  </TableCell>
                  <TableCell>
                    <CampaignProgress campaign={campaign} />
                  </TableCell>
                  <TableCell align="right">{campaign.total}</TableCell>
                  <TableCell align="right">{campaign.sent}</TableCell>
                  <TableCell align="right">{campaign.delivered}</TableCell>
                  <TableCell align="right">{campaign.failed}</TableCell>
                  <TableCell align="right">{campaign.suppressed}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(campaign.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <LoadMore query={query} />
      <NewCampaignDialog open={isCreating} onClose={() => setIsCreating(false)} />
    </>
  );
}
