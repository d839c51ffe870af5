import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { components } from '../../api-client/schema';

type TDetail = components['schemas']['CampaignDetail'];

const COUNTS: ReadonlyArray<{
  key: keyof Pick<TDetail, 'total' | 'pending' | 'sent' | 'delivered' | 'failed' | 'suppressed'>;
  label: string;
  hint: string;
}> = [
  { key: 'total', label: 'Recipients', hint: 'Rows accepted from the list' },
  { key: 'pending', label: 'Pending', hint: 'Recorded, not yet answered by Twilio' },
  { key: 'sent', label: 'Sent', hint: 'Accepted by Twilio' },
  { key: 'delivered', label: 'Delivered', hint: 'Delivered or read' },
  { key: 'failed', label: 'Failed', hint: 'Refused by Twilio, or undelivered' },
  { key: 'suppressed', label: 'Held back', hint: 'Opted out, stopped, or over the frequency cap' },
];

/** The campaign's live counts per status, one tile each. */
export function CampaignCounts({ campaign }: { campaign: TDetail }) {
  return (
    <Box
      component="dl"
      sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 1.5, m: 0 }}
    >
      {COUNTS.map(({ key, label, hint }) => (
        <Paper key={key} variant="outlined" sx={{ p: 1.5 }} title={hint}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography component="dd" variant="h6" sx={{ m: 0, fontWeight: 700 }}>
            {campaign[key].toLocaleString()}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}
