import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { campaignProgress, type TCampaign } from './campaign-message';

type TProgressFields = Pick<TCampaign, 'name' | 'status' | 'total' | 'sent' | 'failed' | 'suppressed'>;

/** A campaign's progress as a labelled bar with its percentage. */
export function CampaignProgress({ campaign, height = 6 }: { campaign: TProgressFields; height?: number }) {
  const percent = campaignProgress(campaign);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 140 }}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`Progress of ${campaign.name}`}
        color={campaign.status === 'failed' ? 'error' : campaign.status === 'stopped' ? 'inherit' : 'primary'}
        sx={{ flex: 1, height, borderRadius: height / 2 }}
      />
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 40, textAlign: 'right' }}>
        {percent}%
      </Typography>
    </Box>
  );
}
