import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '../redis.js';

/**
 * Reserves the next free send slot, atomically across every message-worker process.
 * Slots are `interval` microseconds apart on Redis's clock (one clock for all workers);
 * the caller waits until its slot, then calls Twilio. Returns the slot and Redis's clock
 * when the script ran, both in microseconds.
 */
const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', 60000)
return {slot, now}
`;

/**
 * How much jitter between the send and its arrival at Twilio a full second of sends
 * tolerates before an arrival-side one-second window could hold one message too many.
 */
export const ARRIVAL_JITTER_GUARD_MS = 20;

export interface SendRateLimiter {
  /** Resolves when this caller may send one message. */
  acquire(): Promise<void>;
  readonly ratePerSecond: number | undefined;
}

/**
 * One global send rate for all message workers: evenly spaced slots (the generic cell rate
 * algorithm) reserved in Redis. Written by hand because the limiters at hand do not give
 * what Twilio measures: BullMQ's and rate-limiter-flexible's are fixed windows, which let
 * up to twice the limit through across a window edge, and BullMQ's acts when a job is
 * taken rather than when Twilio is called. Spacing of `(1000 + guard) / rate` ms keeps
 * every one-second window at the receiving end within the limit even when individual
 * requests arrive up to ARRIVAL_JITTER_GUARD_MS late, at a cost of 2% of throughput.
 * `ratePerSecond` 0 lifts the limit.
 */
export function createSendRateLimiter(redis: Redis, options: { key: string; ratePerSecond: number }): SendRateLimiter {
  if (options.ratePerSecond <= 0) return { acquire: () => Promise.resolve(), ratePerSecond: undefined };
  const intervalMicros = Math.ceil(((1_000 + ARRIVAL_JITTER_GUARD_MS) * 1_000) / options.ratePerSecond);
  const clock = createClockOffset();
  return {
    ratePerSecond: options.ratePerSecond,
    async acquire() {
      const askedAt = Date.now();
      const [slot, redisNow] = ((await redis.eval(RESERVE_SLOT, 1, options.key, intervalMicros)) as [number, number]).map(Number) as [number, number];
      const answeredAt = Date.now();
      // The slot is a time on Redis's clock: wait until that time on ours, so a reply this
      // process was slow to pick up (a busy event loop) shortens the wait instead of
      // pushing the send off its slot.
      const offsetMs = clock.update(askedAt, answeredAt, redisNow / 1_000);
      const waitMs = slot / 1_000 + offsetMs - Date.now();
      if (waitMs > 0) await sleep(waitMs);
    },
  };
}

/** How long the best clock sample is trusted before a worse but newer one replaces it. */
const OFFSET_SAMPLE_TTL_MS = 10_000;

/**
 * Our clock minus Redis's, estimated as NTP does: Redis read its clock somewhere between
 * asking and answering, so the sample with the shortest round trip bounds the offset
 * most tightly, and its midpoint is the estimate. Later samples with longer round trips
 * (a reply that waited for the event loop) do not spoil it.
 */
function createClockOffset() {
  let best: { roundTripMs: number; offsetMs: number; at: number } | undefined;
  return {
    update(askedAt: number, answeredAt: number, redisNowMs: number): number {
      const roundTripMs = answeredAt - askedAt;
      const offsetMs = (askedAt + answeredAt) / 2 - redisNowMs;
      if (!best || roundTripMs <= best.roundTripMs || answeredAt - best.at > OFFSET_SAMPLE_TTL_MS) best = { roundTripMs, offsetMs, at: answeredAt };
      return best.offsetMs;
    },
  };
}
