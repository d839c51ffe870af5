import { UnrecoverableError, type Job } from 'bullmq';
import type { TSendOutcome } from '../workflows/contract/index.js';
import { deliverSend, type DeliverSendDeps } from './deliver-send.js';
import { ZMessageJob } from './message-job.js';

/**
 * The message worker's BullMQ processor: a job that does not parse is refused for good (no
 * retry can mend it); a valid one is delivered exactly once (deliverSend).
 */
export function createMessageJobProcessor(deps: DeliverSendDeps) {
  return async function processMessageJob(job: Job<unknown>): Promise<TSendOutcome> {
    const parsed = ZMessageJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid message job: ${parsed.error.message}`);
    return deliverSend(deps, parsed.data, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
  };
}
