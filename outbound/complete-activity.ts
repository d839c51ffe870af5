import type { AsyncCompletionClient } from '@temporalio/client';
import type { Logger } from '../infra/logger.js';
import type { TSendOutcome } from '../workflows/contract/index.js';
import type { TActivityRef } from './message-job.js';

export interface CompletionDeps {
  completion: Pick<AsyncCompletionClient, 'complete'>;
  logger: Logger;
}

/**
 * Hands a send's outcome to the activity that waits for it. A workflow that was stopped
 * meanwhile no longer waits: that is not an error of the send, so it is logged and the job
 * still succeeds.
 */
export async function completeActivity(
  deps: CompletionDeps,
  activity: TActivityRef | undefined,
  outcome: TSendOutcome,
): Promise<TSendOutcome> {
  if (!activity) return outcome;
  try {
    await deps.completion.complete(
      { workflowId: activity.workflowId, runId: activity.runId, activityId: activity.activityId },
      outcome,
    );
  } catch (error) {
    if ((error as Error).name !== 'ActivityNotFoundError') throw error;
    deps.logger.info(
      { workflowId: activity.workflowId, activityId: activity.activityId },
      'activity no longer waiting for this send',
    );
  }
  return outcome;
}
