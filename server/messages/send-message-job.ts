import type { AsyncCompletionClient } from '@temporalio/client';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Db } from '../db.js';
import type { Logger } from '../logger.js';
import type { TwilioClient } from '../twilio.js';
import { ZMessageJob, type TActivityRef, type TMessageJob, type TSendOutcome } from './message-job.js';
import { outcomeFromLog, type TOutcomeRow } from './outcome.js';
import { classifyTwilioError } from './twilio-errors.js';

export interface SendMessageJobDeps {
  db: Db;
  twilio: TwilioClient;
  completion: Pick<AsyncCompletionClient, 'complete'>;
  logger: Logger;
  from: { sms: string; whatsapp: string };
  /** Where Twilio posts delivery status (`${PUBLIC_URL}/api/inbound/status`). */
  statusCallbackUrl: string;
}

/**
 * The message worker's processor: sends what the job says through the twilio client,
 * records it on the MessageLog row, and hands the outcome to the waiting activity.
 * The row's twilioSid is the proof of sending: a job for a row that has one is never
 * sent again, whether the job was re-delivered, stalled or its activity retried.
 */
export function createSendMessageJob(deps: SendMessageJobDeps) {
  return async function sendMessageJob(job: Job<unknown>): Promise<TSendOutcome> {
    const parsed = ZMessageJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid message job: ${parsed.error.message}`);
    const data = parsed.data;
    const log = await deps.db.messageLog.findUnique({
      where: { idempotencyKey: data.idempotencyKey },
      include: { run: { select: { status: true } }, contact: { select: { state: true } } },
    });
    if (!log) throw new UnrecoverableError(`no MessageLog row for ${data.idempotencyKey}`);
    if (log.twilioSid || log.status === 'failed' || log.status === 'suppressed') {
      return report(deps, data.activity, outcomeFromLog(log));
    }
    // A stop or an opt-out must also hold back sends already waiting in the queue:
    // checked here, as late as possible before the Twilio call.
    const holdReason =
      log.run?.status === 'stopped' || log.contact?.state === 'stopped'
        ? 'stopped before it was sent'
        : (await deps.db.optOut.count({ where: { workspaceId: log.workspaceId, phone: log.phone } })) > 0
          ? 'recipient opted out'
          : undefined;
    if (holdReason) {
      const held = await deps.db.messageLog.update({ where: { id: log.id }, data: { status: 'suppressed', error: holdReason } });
      return report(deps, data.activity, outcomeFromLog(held));
    }

    const attempts = job.attemptsMade + 1;
    await deps.db.messageLog.update({ where: { id: log.id }, data: { status: 'sending', attempts } });
    let sid: string;
    let twilioStatus: string;
    try {
      const message = await deps.twilio.messages.create(twilioParams(data, deps));
      sid = message.sid;
      twilioStatus = message.status;
    } catch (error) {
      const failure = classifyTwilioError(error);
      const final = failure.permanent || attempts >= (job.opts.attempts ?? 1);
      const updated = await deps.db.messageLog.update({
        where: { id: log.id },
        data: { status: final ? 'failed' : 'queued', errorCode: failure.code ?? null, error: failure.message },
      });
      deps.logger.warn({ key: data.idempotencyKey, attempts, final, code: failure.code, status: failure.status }, 'send failed');
      if (final) await report(deps, data.activity, outcomeFromLog(updated));
      throw failure.permanent ? new UnrecoverableError(failure.message) : error;
    }
    // The one window no design can close: Twilio accepted the message but this process
    // dies before the next statement records its sid. Twilio takes no idempotency key.
    // A status callback may already have moved the row on (it can outrun this write):
    // the status is only set while it is still `sending`, never backwards.
    const status = twilioStatus === 'accepted' ? 'queued' : toLogStatus(twilioStatus);
    const [sent] = await deps.db.$queryRaw<TOutcomeRow[]>`
      UPDATE "MessageLog"
      SET "twilioSid" = ${sid}, "sentAt" = now(), "updatedAt" = now(), "errorCode" = NULL, "error" = NULL,
          "status" = CASE WHEN "status" = 'sending' THEN ${status}::"MessageStatus" ELSE "status" END
      WHERE "id" = ${log.id}::uuid
      RETURNING "id", "status", "twilioSid", "errorCode", "error", "attempts"`;
    if (!sent) throw new Error(`MessageLog ${log.id} vanished while sending`);
    return report(deps, data.activity, outcomeFromLog(sent));
  };
}

function twilioParams(data: TMessageJob, deps: Pick<SendMessageJobDeps, 'from' | 'statusCallbackUrl'>) {
  const prefix = data.channel === 'whatsapp' ? 'whatsapp:' : '';
  // The idempotency key rides along in the callback URL, so a callback can still find its
  // row when the process died after Twilio accepted the message but before the sid was saved.
  const statusCallback = new URL(deps.statusCallbackUrl);
  statusCallback.searchParams.set('key', data.idempotencyKey);
  return {
    to: `${prefix}${data.to}`,
    from: data.channel === 'whatsapp' ? deps.from.whatsapp : deps.from.sms,
    statusCallback: statusCallback.toString(),
    ...(data.body ? { body: data.body } : {}),
    ...(data.contentSid ? { contentSid: data.contentSid, contentVariables: JSON.stringify(data.contentVariables ?? {}) } : {}),
  };
}

const LOG_STATUSES = new Set(['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered']);
function toLogStatus(twilioStatus: string) {
  return (LOG_STATUSES.has(twilioStatus) ? twilioStatus : 'queued') as 'queued';
}

/**
 * Completes the waiting activity. A workflow that was stopped meanwhile no longer waits:
 * that is not an error of the send, so it is logged and the job still succeeds.
 */
async function report(deps: SendMessageJobDeps, activity: TActivityRef | undefined, outcome: TSendOutcome): Promise<TSendOutcome> {
  if (!activity) return outcome;
  try {
    await deps.completion.complete({ workflowId: activity.workflowId, runId: activity.runId, activityId: activity.activityId }, outcome);
  } catch (error) {
    if ((error as Error).name !== 'ActivityNotFoundError') throw error;
    deps.logger.info({ workflowId: activity.workflowId, activityId: activity.activityId }, 'activity no longer waiting for this send');
  }
  return outcome;
}
