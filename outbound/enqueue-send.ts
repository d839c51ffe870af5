import { isDeepStrictEqual } from 'node:util';
import { MAX_BODY_LENGTH } from '../core/journey/constants.js';
import { recordContactProgress } from '../features/runs/record-contact-progress.js';
import { Prisma, type Db } from '../infra/db.js';
import type { MessageLog } from '../prisma/generated/client.js';
import type { EnqueueSendInput, TSendOutcome } from '../workflows/contract/index.js';
import { checkFrequencyCap, type TCapDecision } from './frequency-cap.js';
import { queueSend, type TMessageQueue, type TWaiter } from './message-job.js';
import { mirrorContactEnd } from './mirror-contact-end.js';
import { outcomeFromLog } from './outcome.js';

export interface EnqueueSendDeps {
  db: Db;
  queue: TMessageQueue;
}

/**
 * Records a send as its MessageLog row (the frequency cap decides there) and puts it on
 * the `messages` queue; a contact's progress so far (`input.progress`) is written with it.
 * Answers the outcome when the send is already decided (sent, failed, suppressed, skipped,
 * or deferred by the cap) and `undefined` once it is queued: the message worker then
 * reports the outcome to `waiter`. Safe to repeat: the row is keyed by the idempotency key
 * and the job id is that key, so a retry only re-asserts the same row and job, and points
 * the row at the waiter that waits now.
 */
export async function enqueueSend(
  deps: EnqueueSendDeps,
  input: EnqueueSendInput,
  waiter: TWaiter,
): Promise<TSendOutcome | undefined> {
  const row = newSendRow(input, waiter);
  const sendWindow = storedSendWindow(input);
  // Independent writes, so together: a retry repeats both (progress appends again only
  // entries the contact has not reported, which a retry of this same call re-sends).
  const [decided] = await Promise.all([
    recordSend(deps.db, input, row),
    input.progress ? recordContactProgress(deps.db, input.progress) : undefined,
  ]);
  if (decided.deferredUntil) {
    return { status: 'deferred', retryAt: decided.deferredUntil.toISOString(), error: decided.reason, attempts: 0 };
  }
  let log = decided.log;
  if (log.twilioSid || log.status === 'failed' || log.status === 'suppressed' || log.status === 'skipped') {
    const outcome = outcomeFromLog(log);
    // This call learns the outcome: a contact that ends with it ends here.
    if (waiter.kind === 'signal') await mirrorContactEnd(deps.db, log, outcome);
    return outcome;
  }
  if (log.status === 'deferred') await requeueDeferred(deps, log.id, input.idempotencyKey);
  // The job is built from the row, so the row says who waits now and which window holds:
  // a send asked for again (a retried activity, or after a deferral) may differ in both.
  if (!isDeepStrictEqual(log.activity, waiter) || !isDeepStrictEqual(log.sendWindow, sendWindow ?? null)) {
    log = await deps.db.messageLog.update({
      where: { id: log.id },
      data: { activity: waiter, sendWindow: sendWindow ?? Prisma.DbNull },
    });
  }
  await queueSend(deps.queue, log);
  return undefined;
}

type TNewRow = Parameters<typeof checkFrequencyCap>[1]['row'];

/** The MessageLog row a send is recorded as (before the frequency cap gives it a status). */
export function newSendRow(input: Omit<EnqueueSendInput, 'progress'>, waiter: TWaiter) {
  const sendWindow = storedSendWindow(input);
  return {
    idempotencyKey: input.idempotencyKey,
    workspaceId: input.workspaceId,
    runId: input.runId ?? null,
    contactId: input.contactId ?? null,
    campaignId: input.campaignId ?? null,
    nodeId: input.nodeId ?? null,
    phone: input.to,
    channel: input.channel,
    body: input.body ?? null,
    contentSid: input.contentSid ?? null,
    ...(input.contentVariables ? { contentVariables: input.contentVariables } : {}),
    activity: waiter,
    // Kept on the row so a job rebuilt after Redis lost it is held to the same window.
    ...(sendWindow ? { sendWindow } : {}),
    ...(input.afterSend ? { afterSend: input.afterSend as unknown as Prisma.InputJsonObject } : {}),
    ...(input.test ? { isTest: true } : {}),
  };
}

/** The send window as the row keeps it: the window and the recipient's zone, or none. */
function storedSendWindow(input: Pick<EnqueueSendInput, 'sendWindow' | 'timeZone'>) {
  return input.sendWindow && input.timeZone ? { window: input.sendWindow, timeZone: input.timeZone } : undefined;
}

/** Twilio refuses a body longer than this (21617); refused here, before it is queued. */
const TOO_LONG_CODE = 21617;

/** The send's row, created if new (under the frequency cap, when there is one). */
function recordSend(db: Db, input: EnqueueSendInput, row: TNewRow): Promise<TCapDecision> {
  if (input.body !== undefined && input.body.length > MAX_BODY_LENGTH) {
    // Decided at once, as Twilio would answer it: the contact fails with a reason that
    // names the length, instead of queueing a job no worker can take.
    const error = `the message is ${input.body.length} characters long after its variables are filled in; Twilio accepts at most ${MAX_BODY_LENGTH} (${TOO_LONG_CODE})`;
    return insertSendRow(db, row, { status: 'failed', errorCode: TOO_LONG_CODE, error }).then((log) => ({ log }));
  }
  // A test send is never held by the cap (the launcher gives test contacts no policy; this
  // holds whatever a workflow asks), and checkFrequencyCap never counts one against it.
  if (input.frequencyCap && !input.test)
    return checkFrequencyCap(db, { row, cap: input.frequencyCap, overCap: input.overCap ?? 'wait' });
  return insertSendRow(db, row, { status: 'pending' }).then((log) => ({ log }));
}

/**
 * The send's row: inserted, or the one a retry finds already there, unchanged (as an upsert
 * that updates nothing). Plain SQL, as for the other statements each message runs: Prisma's
 * upsert was a quarter of the Temporal worker's main thread over the replies of
 * bench:webhook (its client's CPU, and a transaction of its own).
 */
async function insertSendRow(
  db: Db,
  row: TNewRow,
  decided: { status: 'pending' | 'failed'; errorCode?: number; error?: string },
): Promise<MessageLog> {
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  const [inserted] = await db.sql.query<MessageLog>`
    INSERT INTO "MessageLog" ("idempotencyKey", "workspaceId", "runId", "contactId", "campaignId", "nodeId", "phone",
      "channel", "body", "contentSid", "contentVariables", "activity", "sendWindow", "afterSend", "isTest", "status", "errorCode", "error")
    VALUES (${row.idempotencyKey}, ${row.workspaceId}::uuid, ${row.runId}::uuid, ${row.contactId}::uuid, ${row.campaignId}::uuid,
      ${row.nodeId}, ${row.phone}, ${row.channel}::"Channel", ${row.body}, ${row.contentSid}, ${json(row.contentVariables)}::jsonb,
      ${json(row.activity)}::jsonb, ${json(row.sendWindow)}::jsonb, ${json(row.afterSend)}::jsonb, ${row.isTest === true},
      ${decided.status}::"MessageStatus", ${decided.errorCode ?? null}::int, ${decided.error ?? null})
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING *`;
  if (inserted) return inserted;
  const [existing] = await db.sql.query<MessageLog>`
    SELECT * FROM "MessageLog" WHERE "idempotencyKey" = ${row.idempotencyKey}`;
  if (!existing) throw new Error(`MessageLog ${row.idempotencyKey} was neither inserted nor found`);
  return existing;
}

/**
 * A send the worker deferred (its window closed while it was queued) is asked for again
 * once the window opens. Its earlier job finished and BullMQ keeps finished jobs for a
 * while, and adding a job whose id is still kept is a no-op: that job is removed first.
 * Back to `pending`, so the sweeper for lost jobs covers the row again.
 */
async function requeueDeferred(deps: EnqueueSendDeps, logId: string, idempotencyKey: string): Promise<void> {
  const job = await deps.queue.getJob(idempotencyKey);
  if (job && ((await job.isCompleted()) || (await job.isFailed()))) await job.remove();
  await deps.db.messageLog.updateMany({
    where: { id: logId, status: 'deferred' },
    // Queued afresh: the sweep for sends without a live job ages it from now.
    data: { status: 'pending', reportedAt: null, queuedAt: new Date() },
  });
}
