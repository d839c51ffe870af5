import { MESSAGING_SERVICE_SID } from '../core/senders/sender-rate.js';
import type { TMessageJob } from './message-job.js';

export interface TSenders {
  /** The deployment's default senders, for a workspace without its own number. */
  from: { sms: string; whatsapp: string };
  /** Where Twilio posts delivery status (`${PUBLIC_URL}/api/inbound/status`). */
  statusCallbackUrl: string;
}

/** A sender address that is a Messaging Service: Twilio picks the number from its pool. */
export function isMessagingService(address: string | undefined): address is string {
  return address !== undefined && MESSAGING_SERVICE_SID.test(address);
}

/**
 * The Messages create parameters of a send: from the sender picked from the workspace's
 * pool (`workspaceFrom`: a number, or a Messaging Service sid) if it has one, else the
 * default sender. `sendAt` schedules it at Twilio (only through a Messaging Service).
 */
export function twilioParams(
  data: TMessageJob,
  senders: TSenders,
  workspaceFrom: string | undefined,
  sendAt?: Date | undefined,
) {
  const prefix = data.channel === 'whatsapp' ? 'whatsapp:' : '';
  // The idempotency key rides along in the callback URL, so a callback can still find its
  // row when the process died after Twilio accepted the message but before the sid was saved.
  const statusCallback = new URL(senders.statusCallbackUrl);
  statusCallback.searchParams.set('key', data.idempotencyKey);
  return {
    to: `${prefix}${data.to}`,
    ...(isMessagingService(workspaceFrom)
      ? { messagingServiceSid: workspaceFrom, from: undefined }
      : {
          from: workspaceFrom ?? (data.channel === 'whatsapp' ? senders.from.whatsapp : senders.from.sms),
          messagingServiceSid: undefined,
        }),
    ...(sendAt ? { sendAt, scheduleType: 'fixed' as const } : {}),
    statusCallback: statusCallback.toString(),
    ...(data.body ? { body: data.body } : {}),
    ...(data.contentSid
      ? { contentSid: data.contentSid, contentVariables: JSON.stringify(data.contentVariables ?? {}) }
      : {}),
  };
}
