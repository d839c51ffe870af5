import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api-client/client';
import type { components } from '../../api-client/schema';

export type TSender = components['schemas']['Sender'];
export type TSenderKind = TSender['kind'];

export const senderKeys = { list: () => ['senders', 'list'] as const };

/** The workspace's sender pool with rates and queues; refreshed while the page is open (queues move). */
export function useSenders() {
  return useQuery({
    queryKey: senderKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/workspace/senders'))).senders,
    refetchInterval: 5_000,
  });
}

export function useAddSender() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      channel: 'sms' | 'whatsapp';
      address: string;
      kind?: TSenderKind;
      ratePerSec?: number | null;
    }) => unwrap(api.POST('/api/workspace/senders', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: senderKeys.list() }),
    // Shown in the form, beside the field at fault, rather than as a toast.
    onError: () => undefined,
  });
}

export function useRemoveSender() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/workspace/senders/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: senderKeys.list() }),
  });
}

/** Changes a sender's kind or rate (`ratePerSec: null`: the kind's figure), from its next send. */
export function useUpdateSender() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; kind?: TSenderKind; ratePerSec?: number | null }) =>
      unwrap(api.PATCH('/api/workspace/senders/{id}', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: senderKeys.list() }),
    // Shown in the dialog, beside the field at fault, rather than as a toast.
    onError: () => undefined,
  });
}

/** How each kind reads in the page. */
export const KIND_LABELS: Record<TSenderKind, string> = {
  long_code: 'Long code',
  toll_free: 'Toll-free',
  short_code: 'Short code',
  whatsapp: 'WhatsApp',
  messaging_service: 'Messaging Service',
};
