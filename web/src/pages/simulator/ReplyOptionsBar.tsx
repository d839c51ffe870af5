import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { errorMessage } from '../../api-client/errors';
import { formatDateTime } from '../../format';
import type { SandboxButton } from '../../types';
import { replyGroups, type TReplyButton } from './reply-options';
import { fetchReplyOptions, simulatorKeys } from './sandbox-api';

const POLL_MS = 2_000;

interface Props {
  phone: string;
  /** Quick-reply buttons the phone received: a payload answer shows its button's title. */
  received: readonly SandboxButton[];
  onReply: (button: TReplyButton) => void;
  isSending: boolean;
}

/** Quick answers for the node the phone's contacts wait at: a button per payload or exact-text branch. */
export function ReplyOptionsBar({ phone, received, onReply, isSending }: Props) {
  const query = useQuery({
    queryKey: simulatorKeys.replyOptions(phone),
    queryFn: ({ signal }) => fetchReplyOptions(phone, signal),
    refetchInterval: POLL_MS,
  });
  const groups = useMemo(() => replyGroups(query.data ?? [], received), [query.data, received]);

  if (query.isError && !query.data) {
    return (
      <Alert severity="warning" sx={{ py: 0 }}>
        Could not load answer buttons: {errorMessage(query.error)}
      </Alert>
    );
  }
  if (groups.length === 0) return null;
  return (
    <Stack spacing={1} component="section" aria-label="Answer buttons">
      {groups.map((group) => (
        <Box key={group.key} role="group" aria-label={`Answers for ${group.journeyName}`}>
          <Typography variant="caption" color="text.secondary" component="p">
            {group.journeyName} is waiting for a reply{group.until ? ` until ${formatDateTime(group.until)}` : ''}
            {group.isFreeText
              ? ': type any reply'
              : group.buttons.length === 0
                ? ': the answers above reach it too'
                : ''}
          </Typography>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 0.5 }}>
            {group.buttons.map((button) => (
              <Button
                key={button.key}
                size="small"
                variant="outlined"
                disabled={isSending}
                onClick={() => onReply(button)}
                sx={{ textTransform: 'none' }}
              >
                {button.label}
              </Button>
            ))}
          </Box>
        </Box>
      ))}
    </Stack>
  );
}
