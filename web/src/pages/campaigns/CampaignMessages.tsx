import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, unwrap } from '../../api-client/client';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { LoadMore } from '../../components/QueryStatus';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime } from '../../format';
import { campaignKeys } from './use-create-campaign';

const PAGE_SIZE = 50;

/** The campaign's recipients as their messages (GET /api/messages?campaignId=), newest first; refreshed with the campaign while it runs. */
export function CampaignMessages({ campaignId, refetchMs }: { campaignId: string; refetchMs: number | false }) {
  const query = useInfiniteQuery({
    queryKey: [...campaignKeys.detail(campaignId), 'messages'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/messages', {
          params: { query: { campaignId, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: refetchMs,
  });
  // The table polls apart from the counts, so its last poll may predate the campaign's final
  // counts: when live refreshing ends, read it once more, or it would keep showing "pending".
  const { refetch } = query;
  const wasLive = useRef(refetchMs !== false);
  useEffect(() => {
    if (wasLive.current && refetchMs === false) void refetch();
    wasLive.current = refetchMs !== false;
  }, [refetchMs, refetch]);
  const messages = query.data?.pages.flatMap((page) => page.items) ?? [];

  if (query.isPending) return <LoadingState label="Loading recipients" />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (messages.length === 0)
    return <Typography color="text.secondary">No messages yet: they appear here as the campaign sends.</Typography>;
  return (
    <>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label="Recipients">
          <TableHead>
            <TableRow>
              <TableCell>Phone</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Error</TableCell>
              <TableCell align="right">Attempts</TableCell>
              <TableCell>Sent</TableCell>
              <TableCell>Updated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {messages.map((message) => (
              <TableRow key={message.id}>
                <TableCell sx={{ fontFamily: 'monospace' }}>{message.phone}</TableCell>
                <TableCell>
                  <StatusChip status={message.status} />
                </TableCell>
                <TableCell>
                  {message.errorCode !== null || message.error ? (
                    <Tooltip title={message.error ?? ''}>
                      <span>{message.errorCode ?? 'error'}</span>
                    </Tooltip>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell align="right">{message.attempts}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {message.sentAt ? formatDateTime(message.sentAt) : '—'}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(message.updatedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <LoadMore query={query} mt={1} />
    </>
  );
}
