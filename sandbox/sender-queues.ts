import { countSegments } from '../core/segments.js';
import type { Channel } from './phone.js';

/** Twilio queues at most this much sending time per number; past it a create answers 21611. */
export const DEFAULT_QUEUE_LIMIT_SECONDS = 10 * 3_600;

export interface SenderQueueOptions {
  /** Segments (WhatsApp: messages) per second the sender sends at. */
  ratePerSec: number;
  /** How many seconds of messages it may queue (Twilio: 10 hours). */
  queueLimitSeconds?: number;
}

/** A message's place in its sender's queue: when it leaves (epoch ms). */
export type TQueued = { departsAt: number } | { full: true };

/**
 * Twilio's per-sender queues, as the sandbox plays them: each sender sends its messages one
 * after another at its own rate (segments per second, so a 3-segment SMS takes 3 seconds of a
 * long code), and refuses a message that would wait longer than its queue limit (21611).
 * Senders with no rate set send at once, as the sandbox always did. Also the account's
 * concurrency (20429 past it) and the Messaging Services' number pools (sticky per recipient).
 */
export class SenderQueues {
  private readonly senders = new Map<string, Required<SenderQueueOptions> & { freeAt: number }>();
  private readonly services = new Map<string, { numbers: string[]; sticky: Map<string, string> }>();
  private concurrency: number | undefined;
  private inFlight = 0;

  /** Gives `address` a rate and queue limit (undefined: sends at once again). */
  configure(address: string, options: SenderQueueOptions | undefined): void {
    if (!options) {
      this.senders.delete(address);
      return;
    }
    this.senders.set(address, {
      ratePerSec: options.ratePerSec,
      queueLimitSeconds: options.queueLimitSeconds ?? DEFAULT_QUEUE_LIMIT_SECONDS,
      freeAt: 0,
    });
  }

  /** Most create requests the account serves at once; more answer 20429 (undefined: no limit). */
  setAccountConcurrency(limit: number | undefined): void {
    this.concurrency = limit;
  }

  /** Starts a create request: false when the account is over its concurrency (answer 20429). */
  enter(): boolean {
    if (this.concurrency !== undefined && this.inFlight >= this.concurrency) return false;
    this.inFlight += 1;
    return true;
  }

  leave(): void {
    this.inFlight -= 1;
  }

  /** Registers a Messaging Service and the numbers of its pool. */
  setMessagingService(sid: string, numbers: readonly string[]): void {
    this.services.set(sid, { numbers: [...numbers], sticky: new Map() });
  }

  /**
   * The number a Messaging Service sends to `to` from: the one it used for `to` before
   * (sticky sender), else the next of its pool in turn. Undefined for a service it does not know.
   */
  pickFromService(sid: string, to: string): string | undefined {
    const service = this.services.get(sid);
    if (!service || service.numbers.length === 0) return undefined;
    const kept = service.sticky.get(to);
    if (kept) return kept;
    const picked = service.numbers[service.sticky.size % service.numbers.length]!;
    service.sticky.set(to, picked);
    return picked;
  }

  /** Queues a message on its sender at `nowMs`: when it will leave, or that the queue is full. */
  enqueue(from: string, channel: Channel, body: string | undefined, nowMs: number): TQueued {
    const sender = this.senders.get(from);
    if (!sender) return { departsAt: nowMs };
    const departsAt = Math.max(nowMs, sender.freeAt);
    if (departsAt - nowMs > sender.queueLimitSeconds * 1_000) return { full: true };
    const cost = channel === 'whatsapp' || !body ? 1 : countSegments(body, channel);
    sender.freeAt = departsAt + (cost * 1_000) / sender.ratePerSec;
    return { departsAt };
  }
}
