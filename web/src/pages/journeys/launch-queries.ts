import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api-client/client';
import { checkResultFromError, type TCheckResult } from './launch-answer';

/** What is sent for a check and for the launch that follows it: the very same body. */
export interface TLaunchBody {
  journeyId: string;
  /** The CSV with the phone column named `phone` (see toLaunchCsv). */
  csv: string;
  fileName: string;
  /** ISO country for numbers written without +country code; "" for none. */
  defaultCountry: string;
}

function launchCall(body: TLaunchBody, dryRun: boolean) {
  return api.POST('/api/journeys/{id}/launch', {
    params: { path: { id: body.journeyId }, query: { dryRun: dryRun ? 'true' : 'false' } },
    body: { file: body.csv, ...(body.defaultCountry ? { defaultCountry: body.defaultCountry } : {}) },
    // Multipart, so the API reads the file as a CSV upload; the browser sets the boundary.
    bodySerializer: () => {
      const form = new FormData();
      form.append('file', new Blob([body.csv], { type: 'text/csv' }), body.fileName);
      if (body.defaultCountry) form.append('defaultCountry', body.defaultCountry);
      return form;
    },
  });
}

/**
 * "Check": the launch in dry-run mode. The API answers what it would accept and reject;
 * when it would accept nobody it refuses with every row's reason, which is still an answer.
 */
export function useCheckLaunch() {
  return useMutation({
    mutationFn: async (body: TLaunchBody): Promise<TCheckResult> => {
      try {
        const answer = await unwrap(launchCall(body, true));
        const total = 'total' in answer ? answer.total : answer.accepted + answer.rejected.length;
        return {
          total,
          accepted: answer.accepted,
          rejected: answer.rejected,
          ...('forecast' in answer ? { forecast: answer.forecast } : {}),
        };
      } catch (error) {
        const result = checkResultFromError(error);
        if (result) return result;
        throw error;
      }
    },
    // Shown in the dialog, with the file's problems listed, rather than as a toast.
    onError: () => undefined,
  });
}

/** "Launch N contacts": the real launch; answers the run id. */
export function useLaunch() {
  return useMutation({
    mutationFn: async (body: TLaunchBody) => {
      const answer = await unwrap(launchCall(body, false));
      if (!('runId' in answer)) throw new Error('The API answered a launch with a dry run.');
      return answer;
    },
    onError: () => undefined,
  });
}
