import OpenInNew from '@mui/icons-material/OpenInNew';
import StopCircleOutlined from '@mui/icons-material/StopCircleOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { enqueueSnackbar } from 'notistack';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { api, unwrap } from '../../api-client/client';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime, messageText } from '../../format';
import { isCampaignActive, isCampaignLive } from './campaign-message';
import { CampaignCounts } from './CampaignCounts';
import { CampaignMessages } from './CampaignMessages';
import { CampaignProgress } from './CampaignProgress';
import { ConfirmDialog } from './ConfirmDialog';
import { campaignKeys } from './use-create-campaign';

const LIVE_REFRESH_MS = 2_000;

/** `/campaigns/:id`: live progress and counts while the campaign runs, its recipients, and "Stop campaign". */
export function CampaignPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const [confirmStop, setConfirmStop] = useState(false);
  const query = useQuery({
    queryKey: campaignKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id } } })),
    // Live while it can still send, or a stop is still holding back queued sends; then the counts no longer move.
    refetchInterval: (q) => (q.state.data && isCampaignLive(q.state.data) ? LIVE_REFRESH_MS : false),
  });
  const stop = useMutation({
    mutationFn: () => unwrap(api.POST('/api/campaigns/{id}/stop', { params: { path: { id } } })),
    onSuccess: async () => {
      enqueueSnackbar('Stopping the campaign: messages not yet sent will not go out.', { variant: 'info' });
      await queryClient.invalidateQueries({ queryKey: campaignKeys.all });
    },
    onSettled: () => setConfirmStop(false),
  });

  if (query.isPending) return <LoadingState label="Loading campaign" />;
  if (query.isError && !query.data) {
    return (
      <>
        <PageHeader title="Campaign" />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const campaign = query.data;
  const isActive = isCampaignActive(campaign.status);
  const isLive = isCampaignLive(campaign);

  return (
    <>
      <PageHeader
        title={campaign.name}
        subtitle={`${campaign.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} · created ${formatDateTime(campaign.createdAt)}${campaign.endedAt ? ` · ended ${formatDateTime(campaign.endedAt)}` : ''}`}
        actions={
          <>
            <Button component={RouterLink} to={`/messages?campaignId=${campaign.id}`}>
              Message log
            </Button>
            <Button
              href={campaign.temporalUiUrl}
              target="_blank"
              rel="noreferrer"
              endIcon={<OpenInNew fontSize="small" />}
            >
              Temporal UI
            </Button>
            {isActive && (
              <Button
                color="error"
                variant="outlined"
                startIcon={<StopCircleOutlined />}
                onClick={() => setConfirmStop(true)}
              >
                Stop campaign
              </Button>
            )}
          </>
        }
      />
      {campaign.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {campaign.error}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 2, mb: 3 }} component="section" aria-label="Progress">
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
          <StatusChip status={campaign.status} size="medium" />
          <Box sx={{ flex: 1 }}>
            <CampaignProgress campaign={campaign} height={10} />
            <Typography variant="caption" color="text.secondary">
              {isLive ? `Refreshing every ${LIVE_REFRESH_MS / 1000} s` : 'Finished'}
            </Typography>
          </Box>
        </Stack>
        <CampaignCounts campaign={campaign} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2, whiteSpace: 'pre-wrap' }}>
          Message: {messageText(campaign)}
        </Typography>
      </Paper>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Recipients
      </Typography>
      <CampaignMessages campaignId={campaign.id} refetchMs={isLive ? LIVE_REFRESH_MS : false} />
      <ConfirmDialog
        open={confirmStop}
        title="Stop this campaign?"
        message="Messages not yet sent will not go out. Messages already sent stay sent. This cannot be undone."
        confirmLabel="Stop campaign"
        busy={stop.isPending}
        onConfirm={() => stop.mutate()}
        onClose={() => setConfirmStop(false)}
      />
    </>
  );
}
