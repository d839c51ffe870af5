import type { Queue } from 'bullmq';
import { z } from 'zod';
import { MAX_BODY_LENGTH } from '../core/journey/constants.js';
import { ZSendWindow } from '../core/policy/schemas.js';
import type { MessageLog } from '../prisma/generated/client.js';

/**
 * An activity that waits for this send (contacts of version 1, campaigns). Completing by
 * workflow + activity id (not by task token) reaches whichever attempt of the activity is
 * current, so a retried activity still receives the result of a send its earlier attempt queued.
 */
export const ZActivityRef = z.object({
  kind: z.literal('activity').optional(),
  namespace: z.string().min(1),
  workflowId: z.string().min(1),
  runId: z.string().min(1).optional(),
  activityId: z.string().min(1),
  /** The BullMQ queue the send belongs to (kept on the MessageLog row for re-queueing). */
  queue: z.string().min(1).optional(),
});

/** A contact workflow (version 2) that waits for this send's outcome as the `sendOutcome` signal. */
export const ZSignalRef = z.object({
  kind: z.literal('signal'),
  namespace: z.string().min(1),
  workflowId: z.string().min(1),
  /** Absent for a send queued before its contact started (the launcher's): its one run is signalled. */
  runId: z.string().min(1).optional(),
  queue: z.string().min(1).optional(),
  /**
   * The contact handed this send off (version 3): it ended once the send was queued, so it
   * is not signalled; the worker writes the contact's end with the outcome, and waits out
   * a send window that closed meanwhile itself.
   */
  handedOff: z.literal(true).optional(),
});

/**
 * Who waits for a send's outcome. Stored as MessageLog.activity and the job's `activity`
 * field, names from before signals: jobs queued by an older worker still parse.
 */
export const ZWaiter = z.union([ZSignalRef, ZActivityRef]);

/** MessageLog.sendWindow: the window the workflow waited for, in the recipient's zone. */
export const ZStoredSendWindow = z.object({ window: ZSendWindow, timeZone: z.string().min(1).max(100) });

/** What the message worker needs to send one message; validated when a job is taken. */
export const ZMessageJob = z
  .object({
    idempotencyKey: z.string().min(1).max(300),
    workspaceId: z.uuid(),
    to: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number'),
    channel: z.enum(['whatsapp', 'sms']),
    body: z.string().min(1).max(MAX_BODY_LENGTH).optional(),
    contentSid: z
      .string()
      .regex(/^HX[0-9a-fA-F]{32}$/)
      .optional(),
    contentVariables: z.record(z.string(), z.string()).optional(),
    activity: ZWaiter.optional(),
    /**
     * The send window the workflow waited for, in the recipient's zone: the worker checks it
     * again right before sending, since a backlog can hold a send until after it closes.
     */
    sendWindow: ZSendWindow.optional(),
    timeZone: z.string().min(1).max(100).optional(),
    /**
     * The slot (microseconds on Redis's clock) its sender reserved for it when the sender was
     * booked ahead: the send was put aside until then and keeps its place in the sender's line.
     */
    senderSlot: z.number().int().nonnegative().optional(),
  })
  .refine((job) => Boolean(job.body) !== Boolean(job.contentSid), { message: 'exactly one of body and contentSid' });

export type TMessageJob = z.infer<typeof ZMessageJob>;

/** Whether the contact waiting on this send handed it off (version 3): nobody waits for its outcome. */
export function isHandedOff(waiter: TWaiter | undefined): boolean {
  return waiter?.kind === 'signal' && waiter.handedOff === true;
}
export type TActivityRef = z.infer<typeof ZActivityRef>;
export type TSignalRef = z.infer<typeof ZSignalRef>;
export type TWaiter = z.infer<typeof ZWaiter>;
export type TStoredSendWindow = z.infer<typeof ZStoredSendWindow>;

/** The queue as the send path uses it: add a job, find one by its id. */
export type TMessageQueue = Pick<Queue<TMessageJob>, 'add' | 'addBulk' | 'getJob' | 'name'>;

type TJobRow = Pick<
  MessageLog,
  | 'idempotencyKey'
  | 'workspaceId'
  | 'phone'
  | 'channel'
  | 'body'
  | 'contentSid'
  | 'contentVariables'
  | 'activity'
  | 'sendWindow'
>;

/**
 * The job of a send, built from its MessageLog row: the row is the durable record of every
 * send (Redis keeps nothing on disk), so the first queueing and every re-queueing after
 * Redis lost the job build the same job from the same place.
 */
export function messageJobFromRow(row: TJobRow): TMessageJob {
  const activity = ZWaiter.safeParse(row.activity);
  const window = ZStoredSendWindow.safeParse(row.sendWindow);
  return {
    idempotencyKey: row.idempotencyKey,
    workspaceId: row.workspaceId,
    to: row.phone,
    channel: row.channel,
    ...(row.body !== null ? { body: row.body } : {}),
    ...(row.contentSid !== null
      ? { contentSid: row.contentSid, contentVariables: (row.contentVariables ?? {}) as Record<string, string> }
      : {}),
    ...(activity.success ? { activity: activity.data } : {}),
    ...(window.success ? { sendWindow: window.data.window, timeZone: window.data.timeZone } : {}),
  };
}

/** Queues the send of `row` under its idempotency key: while that job exists, adding it again is a no-op. */
export function queueSend(queue: Pick<TMessageQueue, 'add'>, row: TJobRow): Promise<unknown> {
  return queue.add('send', messageJobFromRow(row), { jobId: row.idempotencyKey });
}
