import { performance } from 'node:perf_hooks';
import { UnrecoverableError } from 'bullmq';
import { watchRequestsLeaving, type TwilioClient } from '../infra/twilio.js';
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
import { SendBusyError } from './send-busy-error.js';
import {
  SenderBacklogError,
  type SendPermit,
  type SendRateLimiter,
  type TSenderAdmission,
} from './send-rate-limiter.js';
import { closedSendWindow } from './send-window.js';
import { classifyTwilioError, type TwilioFailure } from './twilio-errors.js';
import { isMessagingService, twilioParams, type TSenders } from './twilio-params.js';
import { backPressureDelayMs } from '../core/senders/back-pressure.js';
import { pickSender } from '../core/senders/pick-sender.js';
import { sendCost, senderRate, type TPoolSender } from '../core/senders/sender-rate.js';
import { canScheduleAtTwilio } from '../core/senders/twilio-schedule.js';
import type { TOutcomeRow } from './outcome.js';
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
  /** The twilio client's request timeout (TWILIO_TIMEOUT_MS): a claim's lease outlasts it. */
  twilioTimeoutMs: number;
}

/**
 * How much longer than Twilio's timeout a claim's lease lasts: the rate limiter's wait before
 * the call, and a process stalled around it. The call is only made while at least
 * CALL_SLACK_MS of this is left after the whole timeout (see sendOnce).
 */
export const LEASE_MARGIN_MS = 30_000;
const CALL_SLACK_MS = 5_000;
/** A busy send is looked at again this long after its holder's lease ends. */
const BUSY_RECHECK_MS = 1_000;

/** How long a claim on a send lasts when the twilio client gives up after `twilioTimeoutMs`. */
export function sendLeaseMs(twilioTimeoutMs: number): number {
  return twilioTimeoutMs + LEASE_MARGIN_MS;
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
 * Only one attempt at a time: the claim takes a lease on the row (`leaseUntil`), and an
 * attempt that finds it held answers SendBusyError without calling Twilio.
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
  // Another attempt may be calling Twilio right now: neither its message nor its answer is
  // in yet, so a lookup here would find nothing and a send would make a second message.
  if (log.leaseLeftMs !== null) throw busy(log);

  // First: did an earlier attempt already send it? Then it is sent, whatever happened since.
  if (log.status === 'sending') {
    const found = await findEarlierSend(deps, data, log);
    if (found) {
      deps.logger.info(
        { key: data.idempotencyKey, sid: found.sid },
        'an earlier attempt had sent this message: recorded, not sent again',
      );
      return report(outcomeFromLog(await recordSent(deps, log.id, found.sid, found.status)));
    }
  }

  const held = await holdReason(deps.db, log, data);
  if (held) {
    const row = await decideUnclaimed(deps, log.id, { status: held.status, error: held.reason, code: held.code });
    return report(outcomeFromLog(row ?? (await afterLostClaim(deps, data))));
  }

  // The sender from the workspace's pool: the phone's sticky one, else one picked for it.
  const picked = pickSender(log.senderPool, data.to, log.stickySender);
  const closed = closedSendWindow(data);
  // Quiet hours: a Messaging Service can have Twilio send it when the window opens (15
  // minutes to 35 days ahead); otherwise the send waits here or in its workflow, as before.
  const sendAt = closed && scheduledAtTwilio(picked, closed.opensAt);
  if (closed && !sendAt && isHandedOff(data.activity)) return holdForWindow(deps, log, closed);
  if (closed && !sendAt) {
    // Not sent and not final: the workflow waits for the window on a durable timer and
    // asks again with the same key, which queues this row once more.
    const row = await decideUnclaimed(deps, log.id, { status: 'deferred', error: closed.reason });
    if (!row) return report(outcomeFromLog(await afterLostClaim(deps, data)));
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
  const params = twilioParams(data, deps, picked?.address, sendAt || undefined);
  const sender = params.from ?? params.messagingServiceSid;
  // Kept for the phone the first time it is messaged from the pool (or when its sticky
  // sender left the pool), in the claim's own statement: no round trip of its own.
  const stick = picked !== undefined && picked.address !== log.stickySender;
  // The claim, one atomic UPDATE: only while the row still has no sid (a status callback,
  // which carries our key, may have recorded one since the row was read: the message is out
  // already), is not final, and no other attempt holds its lease. Of two attempts that got
  // this far together, one claims and the other answers busy. The lease is set on
  // Postgres's clock, and the clock this process measures it by starts before the UPDATE,
  // so the process never believes it holds a lease longer than Postgres does.
  const leaseMs = sendLeaseMs(deps.twilioTimeoutMs);
  const claimedAt = performance.now();
  const [attempt] = await deps.db.sql.query<{ attempts: number }>`
    WITH claimed AS (
      UPDATE "MessageLog"
      SET "status" = 'sending', "attempts" = "attempts" + 1, "lastAttemptAt" = now(), "updatedAt" = now(),
          "sender" = ${sender}, "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond',
          "scheduledFor" = ${sendAt || null}::timestamptz
      WHERE "id" = ${log.id}::uuid AND "twilioSid" IS NULL AND "status" NOT IN ('failed', 'suppressed', 'skipped')
        AND ("leaseUntil" IS NULL OR "leaseUntil" <= now())
      RETURNING "attempts"
    ), sticky AS (
      INSERT INTO "StickySender" ("workspaceId", "phone", "channel", "address")
      SELECT ${log.workspaceId}::uuid, ${log.phone}, ${log.channel}::"Channel", ${sender}
      WHERE ${stick} AND EXISTS (SELECT 1 FROM claimed)
      ON CONFLICT ("workspaceId", "phone", "channel") DO UPDATE SET "address" = EXCLUDED."address"
    )
    SELECT "attempts" FROM claimed`;
  // A process that dies from here until its answer is recorded leaves the lease to lapse:
  // until then no attempt calls Twilio, and the next one finds the row `sending` and looks
  // the message up first. Twilio lists a message by the time a lease has lapsed, which a
  // lookup right after a crash could not count on.
  if (!attempt) return report(outcomeFromLog(await afterLostClaim(deps, data)));
  // The slot is taken last, right before the call: anything in between (a database write
  // waiting for a pooled connection) would shift the request off its slot, and the limit
  // holds at Twilio only while that shift stays under ARRIVAL_JITTER_GUARD_MS.
  const admission = senderAdmission(deps, data, picked, sender, data.senderSlot);
  let permit: SendPermit;
  try {
    permit = await deps.limiter.acquire(admission);
  } catch (error) {
    if (!(error instanceof SenderBacklogError)) throw error;
    // The sender is booked for a while (a long code's backlog): the send gives its claim back
    // and waits in the delayed set with its reserved slot, holding no send slot meanwhile.
    await giveBackClaim(deps, log, attempt.attempts);
    throw new SendBusyError(data.idempotencyKey, error.retryAt, error.slot);
  }
  // The call must end (Twilio's timeout) before the lease can lapse, or a next attempt
  // could claim the send while this one still waits for Twilio. A long wait for the rate
  // limit (a low rate, many workers) gives the claim back instead of calling.
  if (performance.now() - claimedAt > leaseMs - deps.twilioTimeoutMs - CALL_SLACK_MS) {
    await giveBackClaim(deps, log, attempt.attempts);
    throw new SendBusyError(data.idempotencyKey, Date.now());
  }
  let sid: string;
  let twilioStatus: string;
  let pickedFrom: string | null = null;
  try {
    const message = await watchRequestsLeaving(
      (at) => permit.left(at),
      () => deps.twilio.messages.create(params),
    );
    sid = message.sid;
    twilioStatus = message.status;
    // A Messaging Service chose the number: kept as the sender, since replies reach that number.
    if (params.messagingServiceSid && message.from) pickedFrom = message.from;
  } catch (error) {
    const failure = classifyTwilioError(error);
    if (failure.kind === 'back_pressure' && admission)
      return backOff(deps, data, log, attempt.attempts, admission, failure);
    const final =
      failure.kind === 'permanent' || attempt.attempts >= MAX_SEND_ATTEMPTS || job.attemptsMade + 1 >= job.maxAttempts;
    await recordFailure(deps, data, log, failure, final, attempt.attempts, defer);
    throw final ? new UnrecoverableError(failure.message) : error;
  }
  // The one window no design can close: Twilio accepted the message but this process
  // dies before the next statement records its sid. The row stays `sending` and its lease
  // lapses, so the job's next run (BullMQ re-runs a stalled job) finds the message in
  // Twilio's list instead of sending it again; the status callback, which carries our
  // key, also records the sid. Only a message Twilio does not list yet can go out twice.
  return report(outcomeFromLog(await recordSent(deps, log.id, sid, twilioStatus, pickedFrom)));
}

/**
 * What the limiter paces a send by: the picked sender's own rate, or for the deployment's
 * default sender the global rate (so back-pressure can still slow it); the SMS segments it takes.
 */
function senderAdmission(
  deps: DeliverSendDeps,
  data: TMessageJob,
  picked: TPoolSender | undefined,
  address: string,
  reservedSlot: number | undefined,
): TSenderAdmission | undefined {
  const ratePerSecond = picked ? senderRate(picked) : deps.limiter.ratePerSecond;
  if (ratePerSecond === undefined) return undefined;
  // The global rate counts messages (the API's budget), a sender's own counts segments.
  return { address, ratePerSecond, cost: picked ? sendCost(data.channel, data.body) : 1, reservedSlot };
}

/** When Twilio should send a send whose window is closed: only through a Messaging Service, 15 minutes to 35 days ahead. */
function scheduledAtTwilio(picked: TPoolSender | undefined, opensAt: string): Date | false {
  if (!isMessagingService(picked?.address)) return false;
  const at = Date.parse(opensAt);
  return canScheduleAtTwilio(Date.now(), at) ? new Date(at) : false;
}

/**
 * Twilio answered "slower" (21611 queue full, 20429 too many requests): it did not take the
 * message. Not a failure of the contact and not one of its attempts: the sender's rate is
 * lowered for a while, the claim given back (the attempt uncounted, the code kept for the
 * record) and the send put aside until the lowered rate has room again.
 */
async function backOff(
  deps: DeliverSendDeps,
  data: TMessageJob,
  log: TLogRow,
  attempts: number,
  admission: TSenderAdmission,
  failure: TwilioFailure,
): Promise<never> {
  const { factor } = await deps.limiter.slowDown(admission);
  deps.logger.warn(
    { key: data.idempotencyKey, sender: admission.address, code: failure.code, factor },
    "Twilio's back-pressure: the sender is slowed and the send tried again later",
  );
  await deps.db.sql.execute`
    UPDATE "MessageLog"
    SET "status" = ${log.status}::"MessageStatus", "attempts" = "attempts" - 1, "leaseUntil" = NULL,
        "errorCode" = ${failure.code ?? null}::int, "error" = ${failure.message}, "updatedAt" = now()
    WHERE "id" = ${log.id}::uuid AND "attempts" = ${attempts} AND "twilioSid" IS NULL`;
  throw new SendBusyError(
    data.idempotencyKey,
    Date.now() + backPressureDelayMs(admission.ratePerSecond, factor, admission.cost),
  );
}

function busy(log: Pick<TLogRow, 'idempotencyKey' | 'leaseLeftMs'>): SendBusyError {
  return new SendBusyError(log.idempotencyKey, Date.now() + (log.leaseLeftMs ?? 0) + BUSY_RECHECK_MS);
}

/**
 * Records a decision that sends nothing (a hold, a deferral), only while no attempt holds
 * the send's lease and it has no sid: undefined when one does, and it must not be undone.
 */
async function decideUnclaimed(
  deps: DeliverSendDeps,
  logId: string,
  decision: { status: 'suppressed' | 'skipped' | 'failed' | 'deferred'; error: string; code?: number | undefined },
): Promise<TOutcomeRow | undefined> {
  const [row] = await deps.db.sql.query<TOutcomeRow>`
    UPDATE "MessageLog"
    SET "status" = ${decision.status}::"MessageStatus", "error" = ${decision.error},
        "errorCode" = COALESCE(${decision.code ?? null}::int, "errorCode"), "updatedAt" = now()
    WHERE "id" = ${logId}::uuid AND "twilioSid" IS NULL AND ("leaseUntil" IS NULL OR "leaseUntil" <= now())
    RETURNING "id", "status", "twilioSid", "errorCode", "error", "attempts"`;
  return row;
}

/**
 * Another attempt changed the send between this one's read and its write: its sid or
 * final status is the outcome; a lease it holds makes this attempt wait (busy).
 */
async function afterLostClaim(deps: DeliverSendDeps, data: TMessageJob): Promise<TOutcomeRow> {
  const row = await findSend(deps.db, data.idempotencyKey);
  if (!row) throw new UnrecoverableError(`no MessageLog row for ${data.idempotencyKey}`);
  if (row.twilioSid || FINAL_STATUSES.has(row.status)) return row;
  if (row.leaseLeftMs !== null) throw busy(row);
  throw new Error(`the send ${data.idempotencyKey} changed while this attempt decided it: tried again`);
}

/**
 * Undoes a claim that was never used: Twilio was not called, so the row goes back to the
 * status it had (a `sending` row still needs its lookup) and the attempt does not count.
 * Only this claim's own (`attempts` is its fencing token): a later claim is left alone.
 */
async function giveBackClaim(deps: DeliverSendDeps, log: TLogRow, attempts: number): Promise<void> {
  await deps.db.sql.execute`
    UPDATE "MessageLog"
    SET "status" = ${log.status}::"MessageStatus", "attempts" = "attempts" - 1, "leaseUntil" = NULL, "updatedAt" = now()
    WHERE "id" = ${log.id}::uuid AND "attempts" = ${attempts} AND "twilioSid" IS NULL`;
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
      const sent = outcomeFromLog(await recordSent(deps, log.id, found.sid, found.status));
      defer(log, sent);
      return;
    }
  }
  const status = final ? 'failed' : failure.kind === 'ambiguous' ? 'sending' : 'queued';
  // After an ambiguous failure the message may have gone out, and its status callback (it
  // carries our key) may already have recorded the sid and moved the row on: that row is
  // sent, so it is neither moved backwards nor given this failure. Only this attempt's own
  // claim (`attempts` is its fencing token) is answered and its lease released: had it
  // lapsed and a later attempt claimed the send, that attempt's answer is the one to keep.
  const { count } = await deps.db.messageLog.updateMany({
    where: { id: log.id, twilioSid: null, attempts },
    data: { status, errorCode: failure.code ?? null, error: failure.message, leaseUntil: null },
  });
  if (!final) return;
  const row = await deps.db.messageLog.findUniqueOrThrow({ where: { id: log.id } });
  // Not written: a status callback recorded the sid (the send is out: told so), or a later
  // claim holds the send (its own answer will be told, not this one's failure).
  if (count > 0 || row.twilioSid || FINAL_STATUSES.has(row.status)) defer(row, outcomeFromLog(row));
}

/**
 * Looks for the message an earlier attempt of this send may have created. A sid already
 * on this very row (a status callback recorded it) is this send's own, not another's.
 */
function findEarlierSend(
  deps: DeliverSendDeps,
  data: TMessageJob,
  log: Pick<TLogRow, 'id' | 'createdAt' | 'sender' | 'senderPool' | 'stickySender'>,
) {
  // The sender the earlier attempt used (kept with its claim), else the one it would pick.
  const params = twilioParams(data, deps, log.sender ?? pickSender(log.senderPool, data.to, log.stickySender)?.address);
  return findSentMessage(deps.twilio, {
    to: params.to,
    from: params.from,
    messagingServiceSid: params.messagingServiceSid,
    ...(data.body ? { body: data.body } : {}),
    notBefore: log.createdAt,
    isClaimed: async (sid) => (await deps.db.messageLog.count({ where: { twilioSid: sid, id: { not: log.id } } })) > 0,
  });
}
