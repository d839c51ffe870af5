import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api-client/client';

/** "Send test": starts the test run; the new run shows up in the runs list. */
export function useTestSend(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { phone: string; vars: Record<string, string> }) =>
      unwrap(api.POST('/api/journeys/{id}/test', { params: { path: { id: journeyId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['runs'] }),
    // Shown in the dialog, beside the field at fault, rather than as a toast.
    onError: () => undefined,
  });
}
