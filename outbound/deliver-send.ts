import { UnrecoverableError } from 'bullmq';
import type { TwilioClient } from '../infra/twilio.js';
import { reportOutcome, type ReportDeps } from './report-outcome.js';
import type { TMirrorRow } from './mirror-contact-end.js';
import { recordContactProgress } from '../features/runs/record-contact-progress.js';
import { findSend, type TSendRow } from './find-send.js';
import { findSentMessage } from './find-sent-message.js';
import { holdReason } from './hold-reason.js';
import { MAX_SEND_ATTEMPTS } from './message-queue.js';
import { isHandedOff, type TMessageJob } from './message-job.js';
import { outcomeFromLog } from './outcome.js';
import { recordSent } from './record-sent.js';
import type { SendRateLimiter } from './send-rate-limiter.js';
import { closedSendWindow } from './send-window.js';
import { classifyTwilioError, type TwilioFailure } from './twilio-errors.js';
import { twilioParams, type TSenders } from './twilio-params.js';
import type { TSendOutcome } from '../workflows/contract/index.js';

export interface DeliverSendDeps extends ReportDeps, TSenders {
  twilio: TwilioClient;
  /**
   * Runs the send itself (its row, the rate limit, the Twilio call), at most
   * MESSAGE_WORKER_CONCURRENCY at once; the report to Temporal that follows runs outside it.
   */
  sendSlot?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** The global send rate, taken right before each call to Twilio. */
  limiter: SendRateLimiter;
}

/** Which run of its job this is: the last one makes a failure final. */
export interface TJobAttempt {
  attemptsMade: number;
  maxAttempts: number;
}

const FINAL_STATUSES = new Set(['failed', 'suppressed', 'skipped']);

type TLogRow = TSendRow;

/**
 * Sends one queued message through the twilio client, records it on its MessageLog row, and
 * hands the outcome to the waiting activity.
 *
 * Exactly one send per row. The row's twilioSid is the proof of sending: a job for a row
 * that has one is never sent again, whether the job was re-delivered, stalled, re-queued
 * after Redis lost it, or its activity retried. A row left `sending` means an earlier
 * attempt may have reached Twilio (an ambiguous answer, or the process died mid-call):
 * the next attempt looks the message up in Twilio's Messages list before sending again.
 * Throws to have BullMQ retry; `UnrecoverableError` when retrying cannot help.
 */
export async function deliverSend(deps: DeliverSendDeps, data: TMessageJob, job: TJobAttempt): Promise<TSendOutcome> {
  let report: (() => Promise<unknown>) | undefined;
  const toReport: TDefer = (row, outcome) => {
    report = () => reportOutcome(deps, row, data.activity, outcome);
    return outcome;
  };
  try {
    return await (deps.sendSlot ?? run)(() => sendOnce(deps, data, job, toReport));
  } finally {
    // Outside the send slot, but before the job completes: a process that dies before the
    // report has not completed the job either, so its re-run reports again.
    if (report) await report();
  }
}

const run = <T>(fn: () => Promise<T>) => fn();

/** Keeps the outcome to report once the send slot is released. */
type TDefer = (row: TMirrorRow & { idempotencyKey: string }, outcome: TSendOutcome) => TSendOutcome;

async function sendOnce(
  deps: DeliverSendDeps,
  data: TMessageJob,
  job: TJobAttempt,
  defer: TDefer,
): Promise<TSendOutcome> {
  const log = await findSend(deps.db, data.idempotencyKey);
  if (!log) throw new UnrecoverableError(`no MessageLog row for ${data.idempotencyKey}`);
  const report = (outcome: TSendOutcome) => defer(log, outcome);
  if (log.twilioSid || FINAL_STATUSES.has(log.status)) return report(outcomeFromLog(log));

  // First: did an earlier attempt already send it? Then it is sent, whatever happened since.
  if (log.status === 'sending') {
    const found = await findEarlierSend(deps, data, log);
    if (found) {
      deps.logger.info(
        { key: data.idempotencyKey, sid: found.sid },
        'an earlier attempt had sent this message: recorded, not sent again',
      );
      return report(outcomeFromLog(await recordSent(deps.db, log.id, found.sid, found.status)));
    }
  }

  const held = await holdReason(deps.db, log, data);
  if (held) {
    const row = await deps.db.messageLog.update({
      where: { id: log.id },
      data: { status: held.status, error: held.reason, ...(held.code ? { errorCode: held.code } : {}) },
    });
    return report(outcomeFromLog(row));
  }

  const closed = closedSendWindow(data);
  if (closed && isHandedOff(data.activity)) return holdForWindow(deps, log, closed);
  if (closed) {
    // Not sent and not final: the workflow waits for the window on a durable timer and
    // asks again with the same key, which queues this row once more.
    const row = await deps.db.messageLog.update({
      where: { id: log.id },
      data: { status: 'deferred', error: closed.reason },
    });
    deps.logger.info(
      { key: data.idempotencyKey, opensAt: closed.opensAt },
      'send window closed while the send was queued: deferred',
    );
    return report({
      status: 'deferred',
      deferredBy: 'send_window',
      retryAt: closed.opensAt,
      error: closed.reason,
      messageLogId: row.id,
      attempts: row.attempts,
    });
  }

  // The sender is kept with the attempt: replies and STOPs to a shared number are routed by it.
  const params = twilioParams(data, deps, senderOf(log));
  // Only while the row still has no sid: a status callback (it carries our key) may have
  // recorded one since the row was read, and then the message is out already.
  const [attempt] = await deps.db.sql.query<{ attempts: number }>`
    UPDATE "MessageLog" SET "status" = 'sending', "attempts" = "attempts" + 1, "lastAttemptAt" = now(), "sender" = ${params.from}, "updatedAt" = now()
    WHERE "id" = ${log.id}::uuid AND "twilioSid" IS NULL
    RETURNING "attempts"`;
  if (!attempt) return report(outcomeFromLog(await deps.db.messageLog.findUniqueOrThrow({ where: { id: log.id } })));
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
    const final =
      failure.kind === 'permanent' || attempt.attempts >= MAX_SEND_ATTEMPTS || job.attemptsMade + 1 >= job.maxAttempts;
    await recordFailure(deps, data, log, failure, final, attempt.attempts, defer);
    throw final ? new UnrecoverableError(failure.message) : error;
  }
  // The one window no design can close: Twilio accepted the message but this process
  // dies before the next statement records its sid. The row stays `sending`, so the
  // job's next run (BullMQ re-runs a stalled job) finds the message in Twilio's list
  // instead of sending it again; the status callback, which carries our key, also
  // records the sid. Only a message Twilio does not list yet can still go out twice.
  return report(outcomeFromLog(await recordSent(deps.db, log.id, sid, twilioStatus)));
}

/**
 * A handed-off send whose window closed while it was queued: nobody waits for it to ask
 * again, so the send waits here. The row stays unfinished (the sweep for lost jobs still
 * covers it), the contact is shown waiting for the window, and the answer `deferred` (not
 * reported to anyone) tells the processor to hold the job until `retryAt`.
 */
async function holdForWindow(
  deps: DeliverSendDeps,
  log: TLogRow,
  closed: { opensAt: string; reason: string },
): Promise<TSendOutcome> {
  const at = new Date().toISOString();
  await Promise.all([
    deps.db.sql.execute`
      UPDATE "MessageLog" SET "error" = ${closed.reason}, "updatedAt" = now() WHERE "id" = ${log.id}::uuid`,
    log.runId && log.contactId
      ? recordContactProgress(deps.db, {
          runId: log.runId,
          contactId: log.contactId,
          state: 'waiting',
          cursor: log.nodeId,
          entries: [
            { at, kind: 'send_deferred', ...(log.nodeId ? { nodeId: log.nodeId } : {}), detail: closed.reason },
          ],
        })
      : undefined,
  ]);
  deps.logger.info(
    { key: log.idempotencyKey, opensAt: closed.opensAt },
    'send window closed while the handed-off send was queued: held until it opens',
  );
  return {
    status: 'deferred',
    deferredBy: 'send_window',
    retryAt: closed.opensAt,
    error: closed.reason,
    messageLogId: log.id,
    attempts: log.attempts,
  };
}

function senderOf(log: Pick<TLogRow, 'senderAddress'>): string | undefined {
  return log.senderAddress ?? undefined;
}

/**
 * Records a failed call. A retryable failure puts the row back to `queued`; an ambiguous
 * one leaves it `sending`, so the next attempt looks before it sends. On the last attempt
 * an ambiguous failure is looked up once more before the send is called failed.
 */
async function recordFailure(
  deps: DeliverSendDeps,
  data: TMessageJob,
  log: TLogRow,
  failure: TwilioFailure,
  final: boolean,
  attempts: number,
  defer: TDefer,
): Promise<void> {
  deps.logger.warn(
    {
      key: data.idempotencyKey,
      attempts,
      final,
      kind: failure.kind,
      code: failure.code,
      status: failure.status,
      err: failure.message,
    },
    'send failed',
  );
  if (final && failure.kind === 'ambiguous') {
    const found = await findEarlierSend(deps, data, log).catch(() => undefined);
    if (found) {
      const sent = outcomeFromLog(await recordSent(deps.db, log.id, found.sid, found.status));
      defer(log, sent);
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
  if (final) {
    const row = await deps.db.messageLog.findUniqueOrThrow({ where: { id: log.id } });
    defer(row, outcomeFromLog(row));
  }
}

/**
 * Looks for the message an earlier attempt of this send may have created. A sid already
 * on this very row (a status callback recorded it) is this send's own, not another's.
 */
function findEarlierSend(
  deps: DeliverSendDeps,
  data: TMessageJob,
  log: Pick<TLogRow, 'id' | 'createdAt' | 'senderAddress'>,
) {
  const params = twilioParams(data, deps, senderOf(log));
  return findSentMessage(deps.twilio, {
    to: params.to,
    from: params.from,
    ...(data.body ? { body: data.body } : {}),
    notBefore: log.createdAt,
    isClaimed: async (sid) => (await deps.db.messageLog.count({ where: { twilioSid: sid, id: { not: log.id } } })) > 0,
  });
}
