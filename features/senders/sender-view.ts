import type { TChannel } from '../../core/journey/constants.js';
import { DEFAULT_SENDER_RATES, senderRate, type TSenderKind } from '../../core/senders/sender-rate.js';

/** What the message worker's limiter knows of a sender now (from Redis), when it can be asked. */
export interface TSenderLiveStats {
  address: string;
  admitted: number;
  slowed: number;
  rateFactor: number;
}

/** Reads the limiter's counts of these senders (the message worker's, shared through Redis). */
export type ReadSenderStats = (addresses: readonly string[]) => Promise<TSenderLiveStats[]>;

export interface TSenderRow {
  id: string;
  channel: TChannel;
  address: string;
  kind: TSenderKind;
  ratePerSec: number | null;
  createdAt: Date;
}

/** A sender as the API shows it: its rate (its own or its kind's), and its queue when known. */
export function toSenderView(
  row: TSenderRow,
  extra: { queued?: { messages: number; segments: number }; drainSeconds?: number; live?: TSenderLiveStats } = {},
) {
  return {
    id: row.id,
    channel: row.channel,
    address: row.address,
    kind: row.kind,
    ratePerSec: senderRate(row),
    customRate: row.ratePerSec,
    defaultRate: row.kind === 'messaging_service' ? null : DEFAULT_SENDER_RATES[row.kind],
    createdAt: row.createdAt.toISOString(),
    ...(extra.queued ? { queued: extra.queued } : {}),
    ...(extra.drainSeconds !== undefined ? { drainSeconds: extra.drainSeconds } : {}),
    ...(extra.live
      ? { rateFactor: extra.live.rateFactor, admitted: extra.live.admitted, backPressureEvents: extra.live.slowed }
      : {}),
  };
}

export type TSenderView = ReturnType<typeof toSenderView>;
