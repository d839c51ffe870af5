import type { TChannel } from '../journey/constants.js';
import { countSegments } from '../segments.js';

/**
 * The kinds of sender Twilio rates differently. `messaging_service` is a Messaging Service
 * (its sid `MG...` is the sender): Twilio spreads its sends over the service's own numbers.
 */
export const SENDER_KINDS = ['long_code', 'toll_free', 'short_code', 'whatsapp', 'messaging_service'] as const;
export type TSenderKind = (typeof SENDER_KINDS)[number];

/**
 * Twilio's published throughput per sender, in SMS segments (WhatsApp: messages) per
 * second: a US long code 1, toll-free 3, a short code 100, a WhatsApp sender 80. A
 * Messaging Service has none of its own (the sum of its numbers'): its rate must be given.
 */
export const DEFAULT_SENDER_RATES: Readonly<Record<Exclude<TSenderKind, 'messaging_service'>, number>> = {
  long_code: 1,
  toll_free: 3,
  short_code: 100,
  whatsapp: 80,
};

/** Highest rate a sender may be given: WhatsApp's on request, a short code's upgrade. */
export const MAX_SENDER_RATE = 1_000;

export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** One sender of a workspace's pool, as the rate model reads it. */
export interface TPoolSender {
  address: string;
  channel: TChannel;
  kind: TSenderKind;
  /** The operator's own figure; null for the kind's default. */
  ratePerSec: number | null;
}

/** The sender's rate in segments (WhatsApp: messages) per second: its own figure, else its kind's. */
export function senderRate(sender: Pick<TPoolSender, 'kind' | 'ratePerSec'>): number {
  if (sender.ratePerSec !== null && sender.ratePerSec > 0) return sender.ratePerSec;
  if (sender.kind === 'messaging_service') return 1;
  return DEFAULT_SENDER_RATES[sender.kind];
}

/**
 * How much of a sender's rate one message takes: its SMS segments (Twilio queues a long
 * code's message per segment, so a 3-segment SMS takes 3 seconds of it), 1 on WhatsApp.
 * A template (no body) counts 1.
 */
export function sendCost(channel: TChannel, body: string | undefined): number {
  if (channel === 'whatsapp' || !body) return 1;
  return countSegments(body, channel);
}

/** The kind a sender of `channel` defaults to when the operator names none. */
export function defaultKind(channel: TChannel, address: string): TSenderKind {
  if (MESSAGING_SERVICE_SID.test(address)) return 'messaging_service';
  if (channel === 'whatsapp') return 'whatsapp';
  return /^\d{3,8}$/.test(address) ? 'short_code' : 'long_code';
}

/** Which kinds a sender of a channel can be. */
export function kindFitsChannel(kind: TSenderKind, channel: TChannel): boolean {
  if (kind === 'messaging_service') return true;
  return channel === 'whatsapp' ? kind === 'whatsapp' : kind !== 'whatsapp';
}
