import type { TChannel } from '../journey/constants.js';
import { senderRate, type TPoolSender } from './sender-rate.js';

/** What a wave of messages asks of the senders, per channel. */
export interface TSendLoad {
  sms: { messages: number; segments: number };
  whatsapp: { messages: number };
}

/**
 * Messages per second a load drains at: the account's global rate (messages/s, 0 for none)
 * and each channel's pool (the sum of its senders' rates, in segments on SMS) both hold,
 * the channels in parallel. A channel with no sender of its own goes out from the
 * deployment's default sender, bounded by the global rate alone. Null when nothing bounds it.
 */
export function poolDrainRate(
  pool: readonly Pick<TPoolSender, 'channel' | 'kind' | 'ratePerSec'>[],
  globalRatePerSec: number,
  load: TSendLoad,
): number | null {
  const total = load.sms.messages + load.whatsapp.messages;
  const capacity = (channel: TChannel) =>
    pool.filter((sender) => sender.channel === channel).reduce((sum, sender) => sum + senderRate(sender), 0);
  const seconds = [
    globalRatePerSec > 0 ? total / globalRatePerSec : 0,
    capacity('sms') > 0 ? load.sms.segments / capacity('sms') : 0,
    capacity('whatsapp') > 0 ? load.whatsapp.messages / capacity('whatsapp') : 0,
  ];
  const longest = Math.max(...seconds);
  if (longest === 0) return globalRatePerSec > 0 ? globalRatePerSec : null;
  return total / longest;
}

/** Seconds a sender's queue of `segments` takes to drain at its rate (lowered by `factor`). */
export function senderDrainSeconds(
  sender: Pick<TPoolSender, 'kind' | 'ratePerSec'>,
  segments: number,
  factor = 1,
): number {
  return segments / (senderRate(sender) * factor);
}
