import type { TMessageJob } from './message-job.js';

export interface TSenders {
  /** The deployment's default senders, for a workspace without its own number. */
  from: { sms: string; whatsapp: string };
  /** Where Twilio posts delivery status (`${PUBLIC_URL}/api/inbound/status`). */
  statusCallbackUrl: string;
}

/**
 * The Messages create parameters of a send: from the workspace's own number for the
 * channel if it has one (`workspaceFrom`), else the default sender.
 */
export function twilioParams(data: TMessageJob, senders: TSenders, workspaceFrom: string | undefined) {
  const prefix = data.channel === 'whatsapp' ? 'whatsapp:' : '';
  // The idempotency key rides along in the callback URL, so a callback can still find its
  // row when the process died after Twilio accepted the message but before the sid was saved.
  const statusCallback = new URL(senders.statusCallbackUrl);
  statusCallback.searchParams.set('key', data.idempotencyKey);
  return {
    to: `${prefix}${data.to}`,
    from: workspaceFrom ?? (data.channel === 'whatsapp' ? senders.from.whatsapp : senders.from.sms),
    statusCallback: statusCallback.toString(),
    ...(data.body ? { body: data.body } : {}),
    ...(data.contentSid
      ? { contentSid: data.contentSid, contentVariables: JSON.stringify(data.contentVariables ?? {}) }
      : {}),
  };
}
