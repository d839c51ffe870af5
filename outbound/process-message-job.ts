import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { issuesOf } from '../infra/zod-issues.js';
import type { TSendOutcome } from '../workflows/contract/index.js';
import { deliverSend, type DeliverSendDeps } from './deliver-send.js';
import { failInvalidJob } from './fail-invalid-job.js';
import { isHandedOff, ZMessageJob } from './message-job.js';
import { SendBusyError } from './send-busy-error.js';

/**
 * The message worker's BullMQ processor: a job that does not parse is refused for good (no
 * retry can mend it), and its send is failed so its waiter goes on; a valid one is
 * delivered exactly once (deliverSend). A handed-off send that must wait for its send
 * window is moved back to the delayed set until it opens, and so is a send another attempt
 * holds (its lease), one whose sender is booked ahead (with the slot it reserved) and one
 * Twilio turned away with back-pressure: none is a failure, so none spends one of the job's attempts.
 */
export function createMessageJobProcessor(deps: DeliverSendDeps) {
  return async function processMessageJob(job: Job<unknown>, token?: string): Promise<TSendOutcome> {
    const parsed = ZMessageJob.safeParse(job.data);
    if (!parsed.success) {
      const reason = `invalid message job: ${issuesOf(parsed.error)
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join('; ')}`;
      await failInvalidJob(deps, job.data, reason);
      throw new UnrecoverableError(reason);
    }
    const { data } = parsed;
    let outcome: TSendOutcome;
    try {
      outcome = await deliverSend(deps, data, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
    } catch (error) {
      if (!(error instanceof SendBusyError)) throw error;
      deps.logger.info({ key: data.idempotencyKey, retryAt: error.retryAt }, 'send put aside until its retry time');
      if (error.senderSlot !== undefined) await job.updateData({ ...data, senderSlot: error.senderSlot });
      await job.moveToDelayed(error.retryAt, token);
      throw new DelayedError();
    }
    if (outcome.status === 'deferred' && isHandedOff(data.activity)) {
      await job.moveToDelayed(Date.parse(outcome.retryAt ?? '') || Date.now() + 60_000, token);
      throw new DelayedError();
    }
    return outcome;
  };
}
