import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '../infra/redis.js';

/**
 * Reserves the next free send slot, atomically across every message-worker process.
 * Slots are `interval` microseconds apart on Redis's clock (one clock for all workers);
 * the caller waits until its slot. Returns the slot and Redis's clock when the script
 * ran, both in microseconds.
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
 * Admits one send now if the last `limit` admissions (newest first in the list) leave room
 * in the trailing window, and records it: answers `{admittedAt, 0}`, else `{0, micros to
 * wait}`. ARGV[3], when set, is the caller's own earlier admission, withdrawn first.
 * This is what bounds the sends themselves: a slot says when a caller may try, but a
 * caller can wake late (a stall of its process), right before one that wakes on time.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if ARGV[3] ~= '' then redis.call('LREM', KEYS[1], 1, ARGV[3]) end
if redis.call('LLEN', KEYS[1]) >= limit then
  local oldest = tonumber(redis.call('LINDEX', KEYS[1], limit - 1))
  if now - oldest < window then return {0, oldest + window - now} end
end
local at = string.format('%.0f', now)
redis.call('LPUSH', KEYS[1], at)
redis.call('LTRIM', KEYS[1], 0, limit - 1)
redis.call('PEXPIRE', KEYS[1], 60000)
return {at, 0}
`;

/**
 * How much jitter between the send and its arrival at Twilio a full second of sends
 * tolerates before an arrival-side one-second window could hold one message too many.
 * 15 ms was not enough with both cores busy: bench:journey at 3,000 contacts saw 51
 * arrivals within 1,009 ms at the door while every 51 admissions were >= 1,015 ms apart.
 */
export const ARRIVAL_JITTER_GUARD_MS = 30;

/**
 * Slots are spaced for a window this much longer than a second, a little wider than the
 * admission window: the slack lets a send that waited for admission go late without making
 * every later send wait too, which would pull the rate down for good.
 */
export const PACE_GUARD_MS = 33;

/** An admission answered later than this is treated as stale: the caller stalled meanwhile. */
const STALE_ADMISSION_MS = 5;

export interface SendRateLimiter {
  /** Resolves when this caller may send one message, right now. */
  acquire(): Promise<void>;
  readonly ratePerSecond: number | undefined;
}

/**
 * One global send rate for all message workers, in two steps on Redis's clock:
 * - Pace: evenly spaced slots (the generic cell rate algorithm), `(1000 + PACE_GUARD_MS) /
 *   rate` ms apart, so sends go out steadily rather than in bursts. 48.4/s at 50.
 * - Admit: right before the call, a sliding log of the last `rate` sends. No window of
 *   `1000 + ARRIVAL_JITTER_GUARD_MS` ms ever holds more than `rate` admitted sends,
 *   whatever the callers' timers did: after a stall, overdue callers are let through only
 *   as far as the window has room, and a caller that stalled after its admission asks again.
 * So every one-second window at the receiving end stays within the limit while requests
 * take up to ARRIVAL_JITTER_GUARD_MS longer to arrive than the ones before them.
 *
 * Written by hand because the limiters at hand do not give what Twilio measures: BullMQ's
 * and rate-limiter-flexible's are fixed windows, which let up to twice the limit through
 * across a window edge, and BullMQ's acts when a job is taken rather than when Twilio is
 * called. `ratePerSecond` 0 lifts the limit.
 */
export function createSendRateLimiter(redis: Redis, options: { key: string; ratePerSecond: number }): SendRateLimiter {
  if (options.ratePerSecond <= 0) return { acquire: () => Promise.resolve(), ratePerSecond: undefined };
  const windowMicros = (1_000 + ARRIVAL_JITTER_GUARD_MS) * 1_000;
  const intervalMicros = Math.ceil(((1_000 + PACE_GUARD_MS) * 1_000) / options.ratePerSecond);
  const admittedKey = `${options.key}:admitted`;
  return {
    ratePerSecond: options.ratePerSecond,
    async acquire() {
      // Waits the slot's distance from Redis's clock when the script ran. Waiting for the
      // slot as an absolute time on our clock was tried: after a stall of this process it
      // released every overdue send at once, and the 100/s test saw 101 in one second.
      const [slot, redisNow] = (
        (await redis.eval(RESERVE_SLOT, 1, options.key, intervalMicros)) as [number, number]
      ).map(Number) as [number, number];
      if (slot > redisNow) await sleep((slot - redisNow) / 1_000);
      let stale = '';
      for (;;) {
        const asked = performance.now();
        const [admittedAt, waitMicros] = (await redis.eval(
          ADMIT,
          1,
          admittedKey,
          options.ratePerSecond,
          windowMicros,
          stale,
        )) as [number | string, number];
        if (Number(waitMicros) > 0) {
          stale = '';
          await sleep(Number(waitMicros) / 1_000);
          continue;
        }
        if (performance.now() - asked <= STALE_ADMISSION_MS) return;
        // This process stalled between Redis admitting the send and now (the answer normally
        // takes well under a millisecond): the send would leave long after the moment Redis
        // counted, closer to the sends admitted after it. It withdraws that admission and
        // asks again, so the moment recorded is the moment it sends.
        stale = String(admittedAt);
      }
    },
  };
}
