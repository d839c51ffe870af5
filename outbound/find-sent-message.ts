import type { TwilioClient } from '../infra/twilio.js';

/** Allowance for Twilio's clock running behind ours when comparing creation dates. */
const CLOCK_SKEW_MS = 2 * 60_000;
const LOOKUP_LIMIT = 50;

export interface SentMessageQuery {
  /** Twilio address, e.g. `+15551234567` or `whatsapp:+15551234567`. */
  to: string;
  /** The number it was sent from; undefined when a Messaging Service chose it (`messagingServiceSid`). */
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  /** The free-form body we sent; undefined for a template send (Twilio renders its body). */
  body?: string;
  /** No message created before this (minus clock skew) can be ours. */
  notBefore: Date;
  /** Sids already recorded on other MessageLog rows: those messages belong to other sends. */
  isClaimed: (sid: string) => Promise<boolean>;
}

export interface SentMessage {
  sid: string;
  status: string;
}

/**
 * Looks in Twilio's Messages list for a message an earlier attempt may have created
 * before its answer was lost (timeout, reset, 5xx, or the process dying mid-call).
 * Twilio's Messages API takes no idempotency key, so this lookup is the only way to
 * know. Two pages are read through the same client: the DateSent window, and the newest
 * messages to the recipient, because a message still queued at Twilio has no DateSent
 * yet. The oldest unclaimed match wins.
 */
export async function findSentMessage(twilio: TwilioClient, query: SentMessageQuery): Promise<SentMessage | undefined> {
  const notBefore = new Date(query.notBefore.getTime() - CLOCK_SKEW_MS);
  const from = query.from ? { from: query.from } : {};
  const [bySentDate, newest] = await Promise.all([
    twilio.messages.list({ to: query.to, ...from, dateSentAfter: notBefore, limit: LOOKUP_LIMIT }),
    twilio.messages.list({ to: query.to, ...from, limit: LOOKUP_LIMIT }),
  ]);
  const candidates = new Map<string, (typeof newest)[number]>();
  for (const message of [...bySentDate, ...newest]) {
    if (!message.direction.startsWith('outbound')) continue;
    if (message.dateCreated.getTime() < notBefore.getTime()) continue;
    if (query.body !== undefined && message.body !== query.body) continue;
    if (query.messagingServiceSid && message.messagingServiceSid !== query.messagingServiceSid) continue;
    candidates.set(message.sid, message);
  }
  const oldestFirst = [...candidates.values()].sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
  for (const message of oldestFirst) {
    if (!(await query.isClaimed(message.sid))) return { sid: message.sid, status: message.status };
  }
  return undefined;
}
