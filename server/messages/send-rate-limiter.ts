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
  return {
    ratePerSecond: options.ratePerSecond,
    async acquire() {
      // Waits the slot's distance from Redis's clock when the script ran. Waiting for the
      // slot as an absolute time on our clock was tried: after a stall of this process it
      // released every overdue send at once, and the 100/s test saw 101 in one second.
      const [slot, redisNow] = ((await redis.eval(RESERVE_SLOT, 1, options.key, intervalMicros)) as [number, number]).map(Number) as [number, number];
      const waitMicros = slot - redisNow;
      if (waitMicros > 0) await sleep(waitMicros / 1_000);
    },
  };
}
