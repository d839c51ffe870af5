import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api-client/client';

export const SESSION_QUERY_KEY = ['session'] as const;

/** The signed-in user and workspace (`GET /api/me`); an ApiError 401 when there is no session. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: () => unwrap(api.GET('/api/me')),
    staleTime: 60_000,
    retry: false,
  });
}

/** App settings the web needs from the server (`GET /api/config`): sandbox mode, Temporal UI. */
export function useAppConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: () => unwrap(api.GET('/api/config')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
