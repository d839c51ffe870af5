import { CompleteAsyncError, Context } from '@temporalio/activity';
import type { Queue } from 'bullmq';
import type { TFrequencyCap, TOverCap, TSendWindow } from '../core/policy/index.js';
import type { Db } from '../server/db.js';
import { checkFrequencyCap } from '../server/messages/frequency-cap.js';
import type { TActivityRef, TMessageJob, TSendOutcome } from '../server/messages/message-job.js';
import { outcomeFromLog } from '../server/messages/outcome.js';

export interface SendMessageInput {
  /** (contact workflow, node, visit): the same key is never sent twice. */
  idempotencyKey: string;
  workspaceId: string;
  runId?: string;
  contactId?: string;
  campaignId?: string;
  nodeId?: string;
  to: string;
  channel: 'whatsapp' | 'sms';
  body?: string;
  contentSid?: string;
  contentVariables?: Record<string, string>;
  /** At most `max` sends to this phone per rolling window across the workspace. */
  frequencyCap?: TFrequencyCap;
  /** Over the cap: `wait` answers `deferred` (ask again at retryAt), `skip` records the send as skipped. */
  overCap?: TOverCap;
  /** The window the workflow waited for, and the recipient's zone: checked again when the worker sends. */
  sendWindow?: TSendWindow;
  timeZone?: string;
}

export interface SendMessageDeps {
  db: Db;
  queue: Pick<Queue<TMessageJob>, 'add' | 'name' | 'getJob'>;
  namespace: string;
}

/**
 * Records the send, puts it on the `messages` queue and returns without completing: the
 * message worker completes this activity once Twilio has answered, so thousands of sends
 * waiting on the rate limit hold no worker slot. A retry of this activity finds the row
 * and either returns its outcome or re-queues the job (same jobId, so no duplicate).
 */
export function createSendMessage(deps: SendMessageDeps) {
  return async function sendMessage(input: SendMessageInput): Promise<TSendOutcome> {
    const { info } = Context.current();
    const execution = info.workflowExecution;
    if (!execution) throw new Error('sendMessage runs only as a workflow activity');
    const activity: TActivityRef = {
      namespace: deps.namespace,
      workflowId: execution.workflowId,
      runId: execution.runId,
      activityId: info.activityId,
      queue: deps.queue.name,
    };
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
      ...(input.sendWindow && input.timeZone ? { sendWindow: { window: input.sendWindow, timeZone: input.timeZone } } : {}),
    };
    let log;
    if (input.frequencyCap) {
      const decision = await checkFrequencyCap(deps.db, { row, cap: input.frequencyCap, overCap: input.overCap ?? 'wait' });
      if (decision.deferredUntil) return { status: 'deferred', retryAt: decision.deferredUntil.toISOString(), error: decision.reason, attempts: 0 };
      log = decision.log;
    } else {
      log = await deps.db.messageLog.upsert({
        where: { idempotencyKey: input.idempotencyKey },
        create: { ...row, status: 'pending' },
        update: { activity },
      });
    }
    if (log.twilioSid || log.status === 'failed' || log.status === 'suppressed' || log.status === 'skipped') return outcomeFromLog(log);
    if (log.status === 'deferred') await requeueDeferred(deps, log.id, input.idempotencyKey);
    await deps.queue.add(
      'send',
      {
        idempotencyKey: input.idempotencyKey,
        workspaceId: input.workspaceId,
        to: input.to,
        channel: input.channel,
        ...(input.body ? { body: input.body } : {}),
        ...(input.contentSid ? { contentSid: input.contentSid, contentVariables: input.contentVariables ?? {} } : {}),
        activity,
        ...(input.sendWindow && input.timeZone ? { sendWindow: input.sendWindow, timeZone: input.timeZone } : {}),
      },
      { jobId: input.idempotencyKey },
    );
    throw new CompleteAsyncError();
  };
}

/**
 * A send the worker deferred (its window closed while it was queued) is asked for again
 * once the window opens. Its earlier job finished and BullMQ keeps finished jobs for a
 * while, and adding a job whose id is still kept is a no-op: that job is removed first.
 * Back to `pending`, so the sweeper for lost jobs covers the row again.
 */
async function requeueDeferred(deps: SendMessageDeps, logId: string, idempotencyKey: string): Promise<void> {
  const job = await deps.queue.getJob(idempotencyKey);
  if (job && ((await job.isCompleted()) || (await job.isFailed()))) await job.remove();
  await deps.db.messageLog.updateMany({ where: { id: logId, status: 'deferred' }, data: { status: 'pending' } });
}
