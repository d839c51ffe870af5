import { isDeepStrictEqual } from 'node:util';
import { Prisma, type Db } from '../infra/db.js';
import type { SendMessageInput, TSendOutcome } from '../workflows/contract/index.js';
import { checkFrequencyCap } from './frequency-cap.js';
import { queueSend, type TActivityRef, type TMessageQueue } from './message-job.js';
import { outcomeFromLog } from './outcome.js';

export interface EnqueueSendDeps {
  db: Db;
  queue: TMessageQueue;
}

/**
 * Records a send as its MessageLog row (the frequency cap decides there) and puts it on
 * the `messages` queue. Answers the outcome when the send is already decided (sent,
 * failed, suppressed, skipped, or deferred by the cap) and `undefined` once it is queued:
 * the message worker then reports the outcome to `activity`. Safe to repeat: the row is
 * keyed by the idempotency key and the job id is that key, so a retry only re-asserts the
 * same row and job, and points the row at the activity attempt that now waits.
 */
export async function enqueueSend(
  deps: EnqueueSendDeps,
  input: SendMessageInput,
  activity: TActivityRef,
): Promise<TSendOutcome | undefined> {
  const sendWindow =
    input.sendWindow && input.timeZone ? { window: input.sendWindow, timeZone: input.timeZone } : undefined;
  const row = {
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
    activity,
    // Kept on the row so a job rebuilt after Redis lost it is held to the same window.
    ...(sendWindow ? { sendWindow } : {}),
  };
  let log;
  if (input.frequencyCap) {
    const decision = await checkFrequencyCap(deps.db, {
      row,
      cap: input.frequencyCap,
      overCap: input.overCap ?? 'wait',
    });
    if (decision.deferredUntil)
      return { status: 'deferred', retryAt: decision.deferredUntil.toISOString(), error: decision.reason, attempts: 0 };
    log = decision.log;
  } else {
    log = await deps.db.messageLog.upsert({
      where: { idempotencyKey: input.idempotencyKey },
      create: { ...row, status: 'pending' },
      update: {},
    });
  }
  if (log.twilioSid || log.status === 'failed' || log.status === 'suppressed' || log.status === 'skipped')
    return outcomeFromLog(log);
  if (log.status === 'deferred') await requeueDeferred(deps, log.id, input.idempotencyKey);
  // The job is built from the row, so the row says who waits now and which window holds:
  // a send asked for again (a retried activity, or after a deferral) may differ in both.
  if (!isDeepStrictEqual(log.activity, activity) || !isDeepStrictEqual(log.sendWindow, sendWindow ?? null)) {
    log = await deps.db.messageLog.update({
      where: { id: log.id },
      data: { activity, sendWindow: sendWindow ?? Prisma.DbNull },
    });
  }
  await queueSend(deps.queue, log);
  return undefined;
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
  await deps.db.messageLog.updateMany({ where: { id: logId, status: 'deferred' }, data: { status: 'pending' } });
}
