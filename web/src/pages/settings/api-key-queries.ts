import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api-client/client';
import type { components } from '../../api-client/schema';

export type TApiKey = components['schemas']['ApiKey'];

export const apiKeyKeys = { list: () => ['api-keys', 'list'] as const };

/** The workspace's API keys (admins only: a member gets 403, so do not ask for them). */
export function useApiKeys(enabled: boolean) {
  return useQuery({
    queryKey: apiKeyKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/workspace/api-keys'))).items,
    enabled,
  });
}

/** Creates a key; the answer carries the key itself, which is never shown again. */
export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role: 'admin' | 'member' }) =>
      unwrap(api.POST('/api/workspace/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.list() }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/workspace/api-keys/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.list() }),
  });
}
