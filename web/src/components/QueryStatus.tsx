import Button from '@mui/material/Button';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: unknown;
  refetch: () => Promise<unknown>;
}

/**
 * A query's own states: a spinner until its first answer, and its error with a retry when
 * it failed with nothing to show. Once it has data, a failed refresh keeps the data on screen.
 */
export function QueryStatus({ query, label }: { query: QueryLike; label: string }) {
  if (query.isPending) return <LoadingState label={label} />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}

interface PagedQueryLike {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The next page of a paged list, while there is one. */
export function LoadMore({ query, mt = 2 }: { query: PagedQueryLike; mt?: number }) {
  if (!query.hasNextPage) return null;
  return (
    <Button sx={{ mt }} onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
      {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </Button>
  );
}
