import { CompleteAsyncError, Context } from '@temporalio/activity';
import { enqueueSend, type EnqueueSendDeps } from '../outbound/enqueue-send.js';
import type { SendMessageInput, TSendOutcome } from '../workflows/contract/index.js';

export interface SendMessageDeps extends EnqueueSendDeps {
  namespace: string;
}

/**
 * Records the send, puts it on the `messages` queue and returns without completing: the
 * message worker completes this activity once Twilio has answered, so thousands of sends
 * waiting on the rate limit hold no worker slot. A retry of this activity finds the row
 * and either returns its outcome or re-queues the job (same jobId, so no duplicate).
 */
export function createSendMessage(deps: SendMessageDeps) {
  return async function sendMessage(input: SendMessageInput): Promise<TSendOutcome> {
    const { info } = Context.current();
    const execution = info.workflowExecution;
    if (!execution) throw new Error('sendMessage runs only as a workflow activity');
    const activity = {
      kind: 'activity' as const,
      namespace: deps.namespace,
      workflowId: execution.workflowId,
      runId: execution.runId,
      activityId: info.activityId,
      queue: deps.queue.name,
    };
    const decided = await enqueueSend(deps, input, activity);
    if (decided) return decided;
    throw new CompleteAsyncError();
  };
}
