import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SandboxReply } from '../../types';
import { postReply, simulatorKeys } from './sandbox-api';

/**
 * Replies as `phone`, then refreshes its conversation, its answer buttons and the phone
 * list at once instead of waiting for the next poll: the journey may answer within a
 * second and the buttons of the node it moved past must go. Failures toast (query-client.ts).
 */
export function useSendReply(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reply: Omit<SandboxReply, 'from'>) => postReply({ from: phone, ...reply }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: simulatorKeys.conversation(phone) }),
        queryClient.invalidateQueries({ queryKey: simulatorKeys.replyOptions(phone) }),
        queryClient.invalidateQueries({ queryKey: simulatorKeys.phones }),
      ]),
  });
}
