import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatDateTime } from '../../format';
import { describeEntry, type THistoryEntry, type TTone } from './contact-history';

const DOT: Record<TTone, string> = {
  default: 'grey.500',
  success: 'success.main',
  warning: 'warning.main',
  error: 'error.main',
  info: 'info.main',
};

/** A contact's path, oldest first: visits, sends, replies and branches with their times. */
export function ContactTimeline({
  history,
  nodeName,
}: {
  history: readonly THistoryEntry[];
  nodeName: (id: string) => string;
}) {
  if (history.length === 0) {
    return <Typography color="text.secondary">Nothing yet: the contact has not started.</Typography>;
  }
  return (
    <Box component="ol" aria-label="Path" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {history.map((entry, index) => {
        const item = describeEntry(entry, nodeName);
        return (
          <Box
            component="li"
            // History is append-only, so the index is a stable key.
            key={index}
            sx={{
              position: 'relative',
              pl: 3,
              pb: 1.5,
              borderLeft: 2,
              borderColor: 'divider',
              ml: 0.75,
              '&:last-of-type': { borderColor: 'transparent' },
            }}
          >
            <Box
              aria-hidden
              sx={{
                position: 'absolute',
                left: -7,
                top: 4,
                width: 12,
                height: 12,
                borderRadius: '50%',
                bgcolor: DOT[item.tone],
              }}
            />
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {item.title}
            </Typography>
            {item.detail && (
              <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
                {item.detail}
              </Typography>
            )}
            <Typography variant="caption" color="text.secondary">
              {formatDateTime(entry.at)}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
