import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import Button from '@mui/material/Button';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api-client/client';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, QueryStatus } from '../../components/QueryStatus';
import {
  filtersFromParams,
  filtersToParams,
  messagesCsvHref,
  NO_FILTERS,
  toMessageQuery,
  type TMessageFilters,
} from './message-filters';
import { MessageFilters } from './MessageFilters';
import { MessagesTable } from './MessagesTable';

const PAGE_SIZE = 50;

/**
 * `/messages`: every outbound message of the workspace, filtered by run, campaign, phone,
 * status and time. The filters live in the URL so a filtered view can be shared; the CSV
 * link downloads every message the same filters match.
 */
export function MessagesPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const apiQuery = toMessageQuery(filters);
  const query = useInfiniteQuery({
    queryKey: ['messages', apiQuery],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/messages', {
          params: { query: { ...apiQuery, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const messages = query.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = Object.keys(apiQuery).length > 0;
  const apply = (next: TMessageFilters) => setParams(filtersToParams(next));

  return (
    <>
      <PageHeader
        title="Messages"
        subtitle="Every message sent by journeys and campaigns, with its delivery status."
        actions={
          <Button variant="outlined" startIcon={<DownloadOutlined />} href={messagesCsvHref(filters)} download>
            Download CSV
          </Button>
        }
      />
      {/* Remounted when the URL changes (back/forward, a shared link), so the form shows what is applied. */}
      <MessageFilters key={params.toString()} value={filters} onApply={apply} />
      <QueryStatus query={query} label="Loading messages" />
      {query.data && messages.length === 0 && (
        <EmptyState
          title={isFiltered ? 'No message matches these filters' : 'No messages yet'}
          description={
            isFiltered
              ? 'Widen the time range or clear a filter.'
              : 'Messages appear here once a journey run or a campaign sends them.'
          }
          action={isFiltered ? <Button onClick={() => apply(NO_FILTERS)}>Clear filters</Button> : undefined}
        />
      )}
      {messages.length > 0 && <MessagesTable messages={messages} />}
      <LoadMore query={query} />
    </>
  );
}
