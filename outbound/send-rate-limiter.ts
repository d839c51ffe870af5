import { randomBytes } from 'node:crypto';
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
 * Admits one send now if the `limit` latest departures (a sorted set: member a send's token,
 * score when it left, in microseconds on Redis's clock) leave room in the trailing window,
 * and records it as leaving now: answers `{admittedAt, 0}`, else `{0, micros to wait}`.
 * ARGV[3], when set, is the caller's own earlier admission, withdrawn first; ARGV[4] the
 * token of this one. This is what bounds the sends themselves: a slot says when a caller
 * may try, but a caller can wake late (a stall of its process), right before one that
 * wakes on time.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if ARGV[3] ~= '' then redis.call('ZREM', KEYS[1], ARGV[3]) end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = tonumber(redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')[2])
  if now - oldest < window then return {0, oldest + window - now} end
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
redis.call('PEXPIRE', KEYS[1], 60000)
return {string.format('%.0f', now), 0}
`;

/**
 * Moves a send's departure to when its request really left (ARGV[1], microseconds on
 * Redis's clock), if that is later than recorded (GT), and keeps the `limit` latest.
 */
const LEFT = `
redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[1], 60000)
return 1
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

/**
 * A request that leaves this much later than its admission was answered has its departure
 * moved in the log. Anything less stays within ARRIVAL_JITTER_GUARD_MS, and costs no Redis call.
 */
const LATE_DEPARTURE_MS = 5;

/** One admitted send. */
export interface SendPermit {
  /**
   * When the send's request left this process (performance.now(), e.g. its 'finish'):
   * later than the admission, the limiter counts the send from then. Best effort: a
   * correction that cannot reach Redis leaves the admission's moment.
   */
  left(atMs: number): void;
}

export interface SendRateLimiter {
  /** Resolves when this caller may send one message, right now. */
  acquire(): Promise<SendPermit>;
  readonly ratePerSecond: number | undefined;
}

const NO_LIMIT_PERMIT: SendPermit = { left: () => undefined };
/** Tokens name one admission across every worker process (pids repeat across containers). */
const TOKEN_PREFIX = randomBytes(6).toString('hex');
let tokens = 0;

/**
 * One global send rate for all message workers, in two steps on Redis's clock:
 * - Pace: evenly spaced slots (the generic cell rate algorithm), `(1000 + PACE_GUARD_MS) /
 *   rate` ms apart, so sends go out steadily rather than in bursts. 48.4/s at 50.
 * - Admit: right before the call, a sliding log of the last `rate` departures. No window of
 *   `1000 + ARRIVAL_JITTER_GUARD_MS` ms ever holds more than `rate` of them, whatever the
 *   callers' timers did: after a stall, overdue callers are let through only as far as the
 *   window has room, and a caller that stalled after its admission asks again.
 * - Depart: a request that left more than LATE_DEPARTURE_MS after its admission (its
 *   process busy or descheduled on the way, as with both cores saturated) moves its entry
 *   to when it left, so the sends admitted after it count from its real departure.
 * So every one-second window at the receiving end stays within the limit while requests
 * take up to ARRIVAL_JITTER_GUARD_MS longer from leaving to arriving than the ones before them.
 *
 * Written by hand because the limiters at hand do not give what Twilio measures: BullMQ's
 * and rate-limiter-flexible's are fixed windows, which let up to twice the limit through
 * across a window edge, and BullMQ's acts when a job is taken rather than when Twilio is
 * called. `ratePerSecond` 0 lifts the limit.
 */
export function createSendRateLimiter(redis: Redis, options: { key: string; ratePerSecond: number }): SendRateLimiter {
  if (options.ratePerSecond <= 0) return { acquire: () => Promise.resolve(NO_LIMIT_PERMIT), ratePerSecond: undefined };
  const windowMicros = (1_000 + ARRIVAL_JITTER_GUARD_MS) * 1_000;
  const intervalMicros = Math.ceil(((1_000 + PACE_GUARD_MS) * 1_000) / options.ratePerSecond);
  // A sorted set (the list of an earlier version was kept under `:admitted`).
  const departuresKey = `${options.key}:departures`;
  const permit = (token: string, admittedAtMicros: number, askedAtMs: number, answeredAtMs: number): SendPermit => ({
    left(atMs) {
      if (atMs - answeredAtMs <= LATE_DEPARTURE_MS) return;
      // Counted from the ask, not the answer: the admission happened after the ask, so
      // this errs towards later, the safe side.
      const leftMicros = Math.ceil(admittedAtMicros + (atMs - askedAtMs) * 1_000);
      redis.eval(LEFT, 1, departuresKey, leftMicros, token, options.ratePerSecond).catch(() => undefined);
    },
  });
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
        const token = `${TOKEN_PREFIX}:${(tokens += 1)}`;
        const asked = performance.now();
        const [admittedAt, waitMicros] = (await redis.eval(
          ADMIT,
          1,
          departuresKey,
          options.ratePerSecond,
          windowMicros,
          stale,
          token,
        )) as [number | string, number];
        if (Number(waitMicros) > 0) {
          stale = '';
          await sleep(Number(waitMicros) / 1_000);
          continue;
        }
        const answered = performance.now();
        if (answered - asked <= STALE_ADMISSION_MS) return permit(token, Number(admittedAt), asked, answered);
        // This process stalled between Redis admitting the send and now (the answer normally
        // takes well under a millisecond): the send would leave long after the moment Redis
        // counted, closer to the sends admitted after it. It withdraws that admission and
        // asks again, so the moment recorded is the moment it sends.
        stale = token;
      }
    },
  };
}
