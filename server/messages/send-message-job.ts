import type { AsyncCompletionClient } from '@temporalio/client';
import { UnrecoverableError, type Job } from 'bullmq';
import { nextSendTime } from '../../core/policy/send-window.js';
import type { Db } from '../db.js';
import type { Logger } from '../logger.js';
import { MAX_SEND_ATTEMPTS } from '../queues.js';
import type { TwilioClient } from '../twilio.js';
import { findSentMessage } from './find-sent-message.js';
import { ZMessageJob, type TActivityRef, type TMessageJob, type TSendOutcome } from './message-job.js';
import { outcomeFromLog, type TOutcomeRow } from './outcome.js';
import type { SendRateLimiter } from './send-rate-limiter.js';
import { classifyTwilioError, type TwilioFailure } from './twilio-errors.js';

export interface SendMessageJobDeps {
  db: Db;
  twilio: TwilioClient;
  completion: Pick<AsyncCompletionClient, 'complete'>;
  logger: Logger;
  from: { sms: string; whatsapp: string };
  /** Where Twilio posts delivery status (`${PUBLIC_URL}/api/inbound/status`). */
  statusCallbackUrl: string;
  /** The global send rate, taken right before each call to Twilio. */
  limiter: SendRateLimiter;
}

/** WhatsApp accepts free-form messages only this long after the contact last wrote. */
export const WHATSAPP_SESSION_MS = 24 * 60 * 60 * 1000;
const WHATSAPP_WINDOW_CODE = 63016;

const FINAL_STATUSES = new Set(['failed', 'suppressed', 'skipped']);

type TLogRow = NonNullable<Awaited<ReturnType<typeof findLog>>>;

function findLog(db: Db, data: Pick<TMessageJob, 'idempotencyKey' | 'channel'>) {
  return db.messageLog.findUnique({
    where: { idempotencyKey: data.idempotencyKey },
    include: {
      run: { select: { status: true } },
      contact: { select: { state: true } },
      campaign: { select: { status: true } },
      // The workspace's own number for this channel, if it has one (else the default sender).
      workspace: { select: { senders: { where: { channel: data.channel }, select: { address: true } } } },
    },
  });
}

/**
 * The message worker's processor: sends what the job says through the twilio client,
 * records it on the MessageLog row, and hands the outcome to the waiting activity.
 *
 * Exactly one send per row. The row's twilioSid is the proof of sending: a job for a row
 * that has one is never sent again, whether the job was re-delivered, stalled, re-queued
 * after Redis lost it, or its activity retried. A row left `sending` means an earlier
 * attempt may have reached Twilio (an ambiguous answer, or the process died mid-call):
 * the next attempt looks the message up in Twilio's Messages list before sending again.
 */
export function createSendMessageJob(deps: SendMessageJobDeps) {
  return async function sendMessageJob(job: Job<unknown>): Promise<TSendOutcome> {
    const parsed = ZMessageJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid message job: ${parsed.error.message}`);
    const data = parsed.data;
    const log = await findLog(deps.db, data);
    if (!log) throw new UnrecoverableError(`no MessageLog row for ${data.idempotencyKey}`);
    if (log.twilioSid || FINAL_STATUSES.has(log.status)) return report(deps, data.activity, outcomeFromLog(log));

    // First: did an earlier attempt already send it? Then it is sent, whatever happened since.
    const params = twilioParams(data, deps, log);
    if (log.status === 'sending') {
      const found = await findEarlierSend(deps, data, log);
      if (found) {
        deps.logger.info({ key: data.idempotencyKey, sid: found.sid }, 'an earlier attempt had sent this message: recorded, not sent again');
        return report(deps, data.activity, outcomeFromLog(await recordSent(deps.db, log.id, found.sid, found.status)));
      }
    }

    const held = await holdReason(deps.db, log, data);
    if (held) {
      const row = await deps.db.messageLog.update({
        where: { id: log.id },
        data: { status: held.status, error: held.reason, ...(held.code ? { errorCode: held.code } : {}) },
      });
      return report(deps, data.activity, outcomeFromLog(row));
    }

    const closed = closedSendWindow(data);
    if (closed) {
      // Not sent and not final: the workflow waits for the window on a durable timer and
      // asks again with the same key, which queues this row once more.
      const row = await deps.db.messageLog.update({ where: { id: log.id }, data: { status: 'deferred', error: closed.reason } });
      deps.logger.info({ key: data.idempotencyKey, opensAt: closed.opensAt }, 'send window closed while the send was queued: deferred');
      return report(deps, data.activity, { status: 'deferred', deferredBy: 'send_window', retryAt: closed.opensAt, error: closed.reason, messageLogId: row.id, attempts: row.attempts });
    }

    // Only while the row still has no sid: a status callback (it carries our key) may have
    // recorded one since the row was read, and then the message is out already.
    const [attempt] = await deps.db.$queryRaw<Array<{ attempts: number }>>`
      UPDATE "MessageLog" SET "status" = 'sending', "attempts" = "attempts" + 1, "lastAttemptAt" = now(), "updatedAt" = now()
      WHERE "id" = ${log.id}::uuid AND "twilioSid" IS NULL
      RETURNING "attempts"`;
    if (!attempt) return report(deps, data.activity, outcomeFromLog(await deps.db.messageLog.findUniqueOrThrow({ where: { id: log.id } })));
    // The slot is taken last, right before the call: anything in between (a database write
    // waiting for a pooled connection) would shift the request off its slot, and the limit
    // holds at Twilio only while that shift stays under ARRIVAL_JITTER_GUARD_MS.
    await deps.limiter.acquire();
    let sid: string;
    let twilioStatus: string;
    try {
      const message = await deps.twilio.messages.create(params);
      sid = message.sid;
      twilioStatus = message.status;
    } catch (error) {
      const failure = classifyTwilioError(error);
      const final = failure.kind === 'permanent' || attempt.attempts >= MAX_SEND_ATTEMPTS || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await recordFailure(deps, data, log, failure, final, attempt.attempts);
      throw final ? new UnrecoverableError(failure.message) : error;
    }
    // The one window no design can close: Twilio accepted the message but this process
    // dies before the next statement records its sid. The row stays `sending`, so the
    // job's next run (BullMQ re-runs a stalled job) finds the message in Twilio's list
    // instead of sending it again; the status callback, which carries our key, also
    // records the sid. Only a message Twilio does not list yet can still go out twice.
    return report(deps, data.activity, outcomeFromLog(await recordSent(deps.db, log.id, sid, twilioStatus)));
  };
}

/**
 * The send window, if the job has one and it is closed now: when it opens again and why.
 * Checked just before the claim and the rate-limit slot (a few hundred ms before the call
 * at most), so a send queued at 19:59 behind a long backlog does not go out at 20:30.
 */
function closedSendWindow(data: TMessageJob): { opensAt: string; reason: string } | undefined {
  if (!data.sendWindow || !data.timeZone) return undefined;
  const now = Date.now();
  let opensAt: number;
  try {
    opensAt = nextSendTime(now, data.sendWindow, data.timeZone);
  } catch {
    // An unknown zone cannot be checked here; the workflow resolved it, so this is a zone
    // the runtime lost (an older ICU), and holding every send back for it would be worse.
    return undefined;
  }
  if (opensAt <= now) return undefined;
  const { start, end } = data.sendWindow;
  return { opensAt: new Date(opensAt).toISOString(), reason: `outside the send window ${start}-${end} ${data.timeZone} when its turn came; waits until it opens` };
}

/**
 * Why a send must not go to Twilio, checked as late as possible before the call: a stop or
 * an opt-out also holds back sends already waiting in the queue, and WhatsApp refuses a
 * free-form body outside the contact's 24-hour session (Twilio would fail it with 63016).
 */
async function holdReason(
  db: Db,
  log: TLogRow,
  data: TMessageJob,
): Promise<{ status: 'suppressed' | 'failed'; reason: string; code?: number } | undefined> {
  if (log.run?.status === 'stopped' || log.contact?.state === 'stopped' || log.campaign?.status === 'stopped') {
    return { status: 'suppressed', reason: 'stopped before it was sent' };
  }
  if ((await db.optOut.count({ where: { workspaceId: log.workspaceId, phone: log.phone } })) > 0) {
    return { status: 'suppressed', reason: 'recipient opted out' };
  }
  if (data.channel === 'whatsapp' && data.body !== undefined) {
    const since = new Date(Date.now() - WHATSAPP_SESSION_MS);
    const lastInbound = await db.inboundMessage.findFirst({
      where: { from: data.to, channel: 'whatsapp', receivedAt: { gte: since } },
      select: { id: true },
    });
    if (!lastInbound) {
      return {
        status: 'failed',
        code: WHATSAPP_WINDOW_CODE,
        reason: 'not sent: the contact has not written on WhatsApp in the last 24 hours, so WhatsApp accepts only an approved template (contentSid) here',
      };
    }
  }
  return undefined;
}

/**
 * Records a failed call. A retryable failure puts the row back to `queued`; an ambiguous
 * one leaves it `sending`, so the next attempt looks before it sends. On the last attempt
 * an ambiguous failure is looked up once more before the send is called failed.
 */
async function recordFailure(
  deps: SendMessageJobDeps,
  data: TMessageJob,
  log: Pick<TLogRow, 'id' | 'createdAt' | 'workspace'>,
  failure: TwilioFailure,
  final: boolean,
  attempts: number,
): Promise<void> {
  deps.logger.warn({ key: data.idempotencyKey, attempts, final, kind: failure.kind, code: failure.code, status: failure.status, err: failure.message }, 'send failed');
  if (final && failure.kind === 'ambiguous') {
    const found = await findEarlierSend(deps, data, log).catch(() => undefined);
    if (found) {
      await report(deps, data.activity, outcomeFromLog(await recordSent(deps.db, log.id, found.sid, found.status)));
      return;
    }
  }
  const status = final ? 'failed' : failure.kind === 'ambiguous' ? 'sending' : 'queued';
  // After an ambiguous failure the message may have gone out, and its status callback (it
  // carries our key) may already have recorded the sid and moved the row on: that row is
  // sent, so it is neither moved backwards nor given this failure.
  await deps.db.messageLog.updateMany({
    where: { id: log.id, twilioSid: null },
    data: { status, errorCode: failure.code ?? null, error: failure.message },
  });
  if (final) await report(deps, data.activity, outcomeFromLog(await deps.db.messageLog.findUniqueOrThrow({ where: { id: log.id } })));
}

/**
 * Looks for the message an earlier attempt of this send may have created. A sid already
 * on this very row (a status callback recorded it) is this send's own, not another's.
 */
function findEarlierSend(deps: SendMessageJobDeps, data: TMessageJob, log: Pick<TLogRow, 'id' | 'createdAt' | 'workspace'>) {
  const params = twilioParams(data, deps, log);
  return findSentMessage(deps.twilio, {
    to: params.to,
    from: params.from,
    ...(data.body ? { body: data.body } : {}),
    notBefore: log.createdAt,
    isClaimed: async (sid) => (await deps.db.messageLog.count({ where: { twilioSid: sid, id: { not: log.id } } })) > 0,
  });
}

/**
 * Saves the sid Twilio gave the message. A status callback may already have moved the
 * row on (it can outrun this write): the status is only set while it is still
 * `sending`, never backwards.
 */
async function recordSent(db: Db, logId: string, sid: string, twilioStatus: string): Promise<TOutcomeRow> {
  const status = twilioStatus === 'accepted' ? 'queued' : toLogStatus(twilioStatus);
  const [sent] = await db.$queryRaw<TOutcomeRow[]>`
    UPDATE "MessageLog"
    SET "twilioSid" = ${sid}, "sentAt" = COALESCE("sentAt", now()), "updatedAt" = now(), "errorCode" = NULL, "error" = NULL,
        "status" = CASE WHEN "status" IN ('pending', 'queued', 'sending') THEN ${status}::"MessageStatus" ELSE "status" END
    WHERE "id" = ${logId}::uuid
    RETURNING "id", "status", "twilioSid", "errorCode", "error", "attempts"`;
  if (!sent) throw new Error(`MessageLog ${logId} vanished while sending`);
  return sent;
}

function twilioParams(data: TMessageJob, deps: Pick<SendMessageJobDeps, 'from' | 'statusCallbackUrl'>, log: Pick<TLogRow, 'workspace'>) {
  const prefix = data.channel === 'whatsapp' ? 'whatsapp:' : '';
  // The idempotency key rides along in the callback URL, so a callback can still find its
  // row when the process died after Twilio accepted the message but before the sid was saved.
  const statusCallback = new URL(deps.statusCallbackUrl);
  statusCallback.searchParams.set('key', data.idempotencyKey);
  return {
    to: `${prefix}${data.to}`,
    from: log.workspace.senders[0]?.address ?? (data.channel === 'whatsapp' ? deps.from.whatsapp : deps.from.sms),
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
