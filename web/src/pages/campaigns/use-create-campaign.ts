import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { operations } from '../../api-client/schema';
import { api, unwrap } from '../../api-client/client';
import { campaignFormData } from './create-campaign';
import type { TCampaignMessage } from './campaign-message';

type TMultipartBody = operations['createCampaign']['requestBody']['content']['multipart/form-data'];

export interface TCreateCampaignInput {
  name: string;
  message: TCampaignMessage;
  phoneColumn: string;
  file: File;
}

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: () => ['campaigns', 'list'] as const,
  detail: (id: string) => ['campaigns', 'detail', id] as const,
};

/**
 * POST /api/campaigns as multipart with the CSV. The dialog shows a refusal in place (with
 * the rows or file problems the API lists), so this mutation has its own onError and the
 * global toast stays quiet.
 */
export function useCreateCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateCampaignInput) => {
      const form = campaignFormData({ ...input, fileName: input.file.name });
      // openapi-fetch sends a FormData body as is and lets the browser set the multipart
      // boundary; the schema types the fields, so the FormData is passed in their place.
      return unwrap(api.POST('/api/campaigns', { body: form as unknown as TMultipartBody }));
    },
    onError: () => undefined,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.list() }),
  });
}
