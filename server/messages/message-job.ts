import { z } from 'zod';
import { ZSendWindow } from '../../core/policy/send-window.js';

/**
 * Which Temporal activity waits for this send. Completing by workflow + activity id (not
 * by task token) reaches whichever attempt of the activity is current, so a retried
 * activity still receives the result of a send its earlier attempt queued.
 */
export const ZActivityRef = z.object({
  namespace: z.string().min(1),
  workflowId: z.string().min(1),
  runId: z.string().min(1).optional(),
  activityId: z.string().min(1),
  /** The BullMQ queue the send belongs to (kept on the MessageLog row for re-queueing). */
  queue: z.string().min(1).optional(),
});

/** What the message worker needs to send one message; validated when a job is taken. */
export const ZMessageJob = z
  .object({
    idempotencyKey: z.string().min(1).max(300),
    workspaceId: z.uuid(),
    to: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number'),
    channel: z.enum(['whatsapp', 'sms']),
    body: z.string().min(1).max(1600).optional(),
    contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/).optional(),
    contentVariables: z.record(z.string(), z.string()).optional(),
    activity: ZActivityRef.optional(),
    /**
     * The send window the workflow waited for, in the recipient's zone: the worker checks it
     * again right before sending, since a backlog can hold a send until after it closes.
     */
    sendWindow: ZSendWindow.optional(),
    timeZone: z.string().min(1).max(100).optional(),
  })
  .refine((job) => Boolean(job.body) !== Boolean(job.contentSid), { message: 'exactly one of body and contentSid' });

export type TMessageJob = z.infer<typeof ZMessageJob>;
export type TActivityRef = z.infer<typeof ZActivityRef>;

/** What a finished send reports back to the workflow that asked for it. */
export interface TSendOutcome {
  /**
   * `skipped`: over the frequency cap, and the node said to go on without it.
   * `deferred`: over the frequency cap, and the node said to wait, or the send window
   * closed while the send waited in the queue: ask again at `retryAt`.
   */
  status: 'sent' | 'failed' | 'suppressed' | 'skipped' | 'deferred';
  /** ISO time a deferred send may be asked for again. */
  retryAt?: string;
  /** Why a send was deferred; absent means the frequency cap (the first reason there was). */
  deferredBy?: 'frequency_cap' | 'send_window';
  /** Absent for a send deferred by the frequency cap, which has no row yet. */
  messageLogId?: string;
  twilioSid?: string;
  errorCode?: number;
  error?: string;
  attempts: number;
}
