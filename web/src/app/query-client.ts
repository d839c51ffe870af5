import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { enqueueSnackbar } from 'notistack';
import { ApiError, errorMessage } from '../api-client/errors';

/** 4xx answers will not change on a retry; network hiccups and 5xx might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2;
}

/** A 401 is handled once, by the session guard (back to sign-in); toasting it too would be noise. */
function toast(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) return;
  enqueueSnackbar(errorMessage(error), { variant: 'error', preventDuplicate: true });
}

/**
 * One cache for the app. Failed mutations always toast the API's message; failed queries
 * toast only when they had data before (a page that never loaded shows the error in place).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.state.data !== undefined) toast(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (!mutation.options.onError) toast(error);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 5_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
