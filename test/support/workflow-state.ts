import type { WorkflowHandle } from '@temporalio/client';
import { stateQuery, type TContactState, type TContactStatus } from '../../workflows/contract/index.js';

/**
 * Polls a contact workflow's `state` query until it reports `status` (queries do not
 * advance time-skipping time, so a signal sent too early would race the workflow).
 * Bounded: throws after `attempts` polls instead of waiting forever.
 */
export async function waitForStatus(
  handle: Pick<WorkflowHandle, 'query'>,
  status: TContactStatus,
  attempts = 250,
): Promise<TContactState> {
  for (let i = 0; i < attempts; i += 1) {
    const state = await handle.query(stateQuery);
    if (state.status === status) return state;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`workflow never reached status ${status}`);
}
