import { Context } from '@temporalio/activity';
import { enqueueSend, type EnqueueSendDeps } from '../outbound/enqueue-send.js';
import type { EnqueueSendInput, TEnqueued } from '../workflows/contract/index.js';

export interface EnqueueSendActivityDeps extends EnqueueSendDeps {
  namespace: string;
}

/**
 * The local activity a contact (version 2 and 3) sends with: records the send with the
 * contact's progress and queues it, naming the contact's run as the one to signal with the
 * outcome, or as having handed the send off.
 * Answers `queued`, or the outcome when the send is decided already.
 */
export function createEnqueueSend(deps: EnqueueSendActivityDeps) {
  return async function enqueueSendActivity(input: EnqueueSendInput): Promise<TEnqueued> {
    const execution = Context.current().info.workflowExecution;
    if (!execution) throw new Error('enqueueSend runs only as a workflow activity');
    const waiter = {
      kind: 'signal' as const,
      namespace: deps.namespace,
      workflowId: execution.workflowId,
      runId: execution.runId,
      queue: deps.queue.name,
      ...(input.handOff ? { handedOff: true as const } : {}),
    };
    return (await enqueueSend(deps, input, waiter)) ?? { status: 'queued' };
  };
}
