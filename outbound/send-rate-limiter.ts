import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACK_PRESSURE_FACTOR,
  BACK_PRESSURE_HOLD_MS,
  MIN_RATE_FACTOR,
  rateFactorAt,
} from '../core/senders/back-pressure.js';
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
 * A sender's own pace, reserved together with the global slot in one call. KEYS[2] is the
 * sender's hash: `tat` the next free reservation, `factor`/`until` a back-pressure slowdown,
 * `next`/`prev`/`token`/`gap` its latest departure (ADMIT_WITH_SENDER), `admitted` and
 * `slowed` its counters. ARGV: 1 the global slot interval, 2 the sender's interval per unit
 * of cost, 3 the cost (SMS segments), 4 how far ahead a slot may be waited for in process,
 * 5 a slot reserved earlier (0: none), 6 '1' when the sender is passive: as fast as the
 * global rate or faster, it paces nothing of its own until back-pressure lowers it. Answers `{0, global slot, now}` when the sender is
 * free now; `{2, sender slot, now}` when it is free soon (wait, then take a global slot);
 * `{1, sender slot, now}` when it is free only later than ARGV[4]: the caller puts the send
 * aside until then, keeping that slot (ARGV[5] when it comes back).
 */
const RESERVE_WITH_SENDER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local s = redis.call('HMGET', KEYS[2], 'tat', 'factor', 'until')
local factor = 1
if s[3] and tonumber(s[3]) > now then factor = tonumber(s[2]) end
local interval = tonumber(ARGV[2]) * tonumber(ARGV[3]) / factor
local reserved = tonumber(ARGV[5])
local slot
if ARGV[6] == '1' and factor >= 1 then
  slot = now
elseif reserved > 0 then
  slot = math.max(now, reserved)
else
  slot = math.max(now, tonumber(s[1] or '0'))
  redis.call('HSET', KEYS[2], 'tat', string.format('%.0f', slot + interval))
  redis.call('PEXPIRE', KEYS[2], math.ceil((slot + interval - now) / 1000) + 600000)
end
if slot - now > tonumber(ARGV[4]) then return {1, string.format('%.0f', slot), string.format('%.0f', now)} end
if slot > now then return {2, string.format('%.0f', slot), string.format('%.0f', now)} end
local g = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], string.format('%.0f', g + tonumber(ARGV[1])), 'PX', 60000)
return {0, string.format('%.0f', g), string.format('%.0f', now)}
`;

/**
 * ADMIT for the global log and the sender together: the send goes only when the global
 * log has room and the sender's previous departure is at least its interval (times the
 * previous send's cost, lowered by back-pressure) behind. ARGV as ADMIT's, plus 5 the
 * sender's interval per unit of cost, 6 this send's cost and 7 whether it is passive.
 */
const ADMIT_WITH_SENDER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if ARGV[3] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[3])
  if redis.call('HGET', KEYS[2], 'token') == ARGV[3] then
    redis.call('HSET', KEYS[2], 'next', redis.call('HGET', KEYS[2], 'prev') or '0', 'token', '')
    redis.call('HINCRBY', KEYS[2], 'admitted', -1)
  end
end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = tonumber(redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')[2])
  if now - oldest < window then return {0, oldest + window - now} end
end
local s = redis.call('HMGET', KEYS[2], 'next', 'factor', 'until')
local nextAt = tonumber(s[1] or '0')
local factor = 1
if s[3] and tonumber(s[3]) > now then factor = tonumber(s[2]) end
if now < nextAt and not (ARGV[7] == '1' and factor >= 1) then return {0, nextAt - now} end
local gap = tonumber(ARGV[5]) * tonumber(ARGV[6]) / factor
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
redis.call('PEXPIRE', KEYS[1], 60000)
redis.call('HSET', KEYS[2], 'next', string.format('%.0f', now + gap), 'prev', string.format('%.0f', nextAt),
  'token', ARGV[4], 'gap', string.format('%.0f', gap))
redis.call('HINCRBY', KEYS[2], 'admitted', 1)
if redis.call('PTTL', KEYS[2]) < 600000 then redis.call('PEXPIRE', KEYS[2], 600000) end
return {string.format('%.0f', now), 0}
`;

/** LEFT for the global log and the sender's latest departure, when it is still this send's. */
const LEFT_WITH_SENDER = `
redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[1], 60000)
local s = redis.call('HMGET', KEYS[2], 'token', 'next', 'gap')
if s[1] == ARGV[2] then
  local later = tonumber(ARGV[1]) + tonumber(s[3] or '0')
  if later > tonumber(s[2] or '0') then redis.call('HSET', KEYS[2], 'next', string.format('%.0f', later)) end
end
return 1
`;

/**
 * Back-pressure from Twilio on a sender: its rate factor is multiplied by ARGV[1] (down to
 * ARGV[2]) for ARGV[3] microseconds from now (from 1 when the last slowdown is over), and
 * its next departure and reservation move to at least one lowered interval (ARGV[4] per
 * unit of cost, times ARGV[5]) from now. Answers the new factor, as a string.
 */
const SLOW_SENDER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local s = redis.call('HMGET', KEYS[1], 'factor', 'until', 'next', 'tat')
local factor = 1
if s[2] and tonumber(s[2]) > now then factor = tonumber(s[1]) end
factor = math.max(tonumber(ARGV[2]), math.min(1, factor) * tonumber(ARGV[1]))
local pause = now + tonumber(ARGV[4]) * tonumber(ARGV[5]) / factor
redis.call('HSET', KEYS[1], 'factor', tostring(factor), 'until', string.format('%.0f', now + tonumber(ARGV[3])))
if tonumber(s[3] or '0') < pause then redis.call('HSET', KEYS[1], 'next', string.format('%.0f', pause)) end
if tonumber(s[4] or '0') < pause then redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', pause)) end
redis.call('HINCRBY', KEYS[1], 'slowed', 1)
redis.call('PEXPIRE', KEYS[1], 600000 + math.ceil(tonumber(ARGV[3]) / 1000))
return tostring(factor)
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

/** The sender a send goes from, as the limiter paces it (core/senders says its rate and cost). */
export interface TSenderAdmission {
  /** The sender's address (a number, `whatsapp:+...`, an `MG...` sid): one pace per address. */
  address: string;
  /** Segments (WhatsApp: messages) per second, before back-pressure lowers it. */
  ratePerSecond: number;
  /** What this send takes of it: its SMS segments, 1 on WhatsApp. */
  cost: number;
  /** A slot the sender reserved for this send earlier (SenderBacklogError.slot), kept across the wait. */
  reservedSlot?: number | undefined;
}

/** What back-pressure did to a sender: its rate is multiplied by `factor` for a while. */
export interface TSlowdown {
  factor: number;
}

export interface SendRateLimiter {
  /**
   * Resolves when this caller may send one message, right now: within the global rate and,
   * given a sender, within that sender's own. Throws SenderBacklogError when the sender is
   * booked further ahead than a caller should wait in process.
   */
  acquire(sender?: TSenderAdmission): Promise<SendPermit>;
  /** Lowers a sender's rate for a while after Twilio's back-pressure (21611, 20429). */
  slowDown(sender: Pick<TSenderAdmission, 'address' | 'ratePerSecond' | 'cost'>): Promise<TSlowdown>;
  readonly ratePerSecond: number | undefined;
}

/**
 * The sender is booked until `slot` (microseconds on Redis's clock, reserved for this send):
 * the caller puts the send aside until `retryAt` (epoch ms on its own clock) and asks again
 * with `reservedSlot: slot`, rather than holding a send slot while it waits.
 */
export class SenderBacklogError extends Error {
  override readonly name = 'SenderBacklogError';

  constructor(
    readonly address: string,
    readonly slot: number,
    readonly retryAt: number,
  ) {
    super(`the sender ${address} is booked until ${new Date(retryAt).toISOString()}`);
  }
}

/**
 * A sender's own departures are spaced for a window this much longer than a second: a long
 * code's two sends 1.1 s apart still reach Twilio more than a second apart when the second
 * leaves up to 100 ms later than the first did (both cores busy: 30 ms was not enough for a
 * long code, whose one-per-second leaves no slack). It costs a sender a tenth of its rate.
 */
export const SENDER_GUARD_MS = 100;

/** How far ahead a sender's slot is waited for inside a send slot; later ones are put aside. */
export const SENDER_HOLD_MS = 250;

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
  if (options.ratePerSecond <= 0)
    return {
      acquire: () => Promise.resolve(NO_LIMIT_PERMIT),
      slowDown: () => Promise.resolve({ factor: 1 }),
      ratePerSecond: undefined,
    };
  const windowMicros = (1_000 + ARRIVAL_JITTER_GUARD_MS) * 1_000;
  const intervalMicros = Math.ceil(((1_000 + PACE_GUARD_MS) * 1_000) / options.ratePerSecond);
  // A sorted set (the list of an earlier version was kept under `:admitted`).
  const departuresKey = `${options.key}:departures`;
  const senderKey = (address: string) => senderHashKey(options.key, address);
  /**
   * A sender at least as fast as the global rate cannot be the one that binds: pacing it too
   * (spacing its departures one by one) would only pull the rate down below the global
   * limit's, as each late departure delays the next. It is paced only while slowed.
   */
  const passive = (sender: TSenderAdmission) => (sender.ratePerSecond >= options.ratePerSecond ? '1' : '0');
  const senderInterval = (ratePerSecond: number) => Math.ceil(((1_000 + SENDER_GUARD_MS) * 1_000) / ratePerSecond);
  const permit = (
    token: string,
    admittedAtMicros: number,
    askedAtMs: number,
    answeredAtMs: number,
    sender: TSenderAdmission | undefined,
  ): SendPermit => ({
    left(atMs) {
      if (atMs - answeredAtMs <= LATE_DEPARTURE_MS) return;
      // Counted from the ask, not the answer: the admission happened after the ask, so
      // this errs towards later, the safe side.
      const leftMicros = Math.ceil(admittedAtMicros + (atMs - askedAtMs) * 1_000);
      const moved = sender
        ? redis.eval(
            LEFT_WITH_SENDER,
            2,
            departuresKey,
            senderKey(sender.address),
            leftMicros,
            token,
            options.ratePerSecond,
          )
        : redis.eval(LEFT, 1, departuresKey, leftMicros, token, options.ratePerSecond);
      moved.catch(() => undefined);
    },
  });

  /** Reserves the sender's slot and, once it is near, the global one; answers the global slot's wait. */
  async function reserve(sender: TSenderAdmission | undefined): Promise<number> {
    if (!sender) {
      const [slot, redisNow] = ((await redis.eval(RESERVE_SLOT, 1, options.key, intervalMicros)) as unknown[]).map(
        Number,
      ) as [number, number];
      return slot - redisNow;
    }
    const [outcome, slot, redisNow] = (
      (await redis.eval(
        RESERVE_WITH_SENDER,
        2,
        options.key,
        senderKey(sender.address),
        intervalMicros,
        senderInterval(sender.ratePerSecond),
        sender.cost,
        SENDER_HOLD_MS * 1_000,
        sender.reservedSlot ?? 0,
        passive(sender),
      )) as unknown[]
    ).map(Number) as [number, number, number];
    if (outcome === 0) return slot - redisNow;
    // A little early rather than late: the reservation holds the slot, and admission waits out the rest.
    if (outcome === 1)
      throw new SenderBacklogError(sender.address, slot, Date.now() + Math.max(0, (slot - redisNow) / 1_000 - 50));
    await sleep((slot - redisNow) / 1_000);
    return reserve(undefined);
  }

  return {
    ratePerSecond: options.ratePerSecond,
    async slowDown(sender) {
      const factor = await redis.eval(
        SLOW_SENDER,
        1,
        senderKey(sender.address),
        BACK_PRESSURE_FACTOR,
        MIN_RATE_FACTOR,
        BACK_PRESSURE_HOLD_MS * 1_000,
        senderInterval(sender.ratePerSecond),
        sender.cost,
      );
      return { factor: Number(factor) };
    },
    async acquire(sender) {
      // Waits the slot's distance from Redis's clock when the script ran. Waiting for the
      // slot as an absolute time on our clock was tried: after a stall of this process it
      // released every overdue send at once, and the 100/s test saw 101 in one second.
      const wait = await reserve(sender);
      if (wait > 0) await sleep(wait / 1_000);
      let stale = '';
      for (;;) {
        const token = `${TOKEN_PREFIX}:${(tokens += 1)}`;
        const asked = performance.now();
        const [admittedAt, waitMicros] = (
          sender
            ? await redis.eval(
                ADMIT_WITH_SENDER,
                2,
                departuresKey,
                senderKey(sender.address),
                options.ratePerSecond,
                windowMicros,
                stale,
                token,
                senderInterval(sender.ratePerSecond),
                sender.cost,
                passive(sender),
              )
            : await redis.eval(ADMIT, 1, departuresKey, options.ratePerSecond, windowMicros, stale, token)
        ) as [number | string, number];
        if (Number(waitMicros) > 0) {
          stale = '';
          await sleep(Number(waitMicros) / 1_000);
          continue;
        }
        const answered = performance.now();
        if (answered - asked <= STALE_ADMISSION_MS) return permit(token, Number(admittedAt), asked, answered, sender);
        // This process stalled between Redis admitting the send and now (the answer normally
        // takes well under a millisecond): the send would leave long after the moment Redis
        // counted, closer to the sends admitted after it. It withdraws that admission and
        // asks again, so the moment recorded is the moment it sends.
        stale = token;
      }
    },
  };
}

/** Where the limiter keeps a sender's pace, back-pressure and counters. */
export function senderHashKey(limiterKey: string, address: string): string {
  return `${limiterKey}:sender:${address}`;
}

/** What the limiter has counted for one sender since it was last idle for 10 minutes. */
export interface TSenderStats {
  address: string;
  /** Sends admitted from it. */
  admitted: number;
  /** Back-pressure answers Twilio gave it (21611, 20429). */
  slowed: number;
  /** The share of its rate in force now (1 unless back-pressure lowered it). */
  rateFactor: number;
}

/** Reads the counters of `addresses` in one round trip (for /metrics and the senders page). */
export async function readSenderStats(
  redis: Redis,
  limiterKey: string,
  addresses: readonly string[],
  nowMs = Date.now(),
): Promise<TSenderStats[]> {
  if (addresses.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const address of addresses)
    pipeline.hmget(senderHashKey(limiterKey, address), 'admitted', 'slowed', 'factor', 'until');
  const answers = (await pipeline.exec()) ?? [];
  return addresses.map((address, index) => {
    const [admitted, slowed, factor, until] = (answers[index]?.[1] ?? []) as (string | null)[];
    const slowedUntilMs = Number(until ?? 0) / 1_000;
    return {
      address,
      admitted: Number(admitted ?? 0),
      slowed: Number(slowed ?? 0),
      rateFactor: rateFactorAt(nowMs, { factor: Number(factor ?? 1), untilMs: slowedUntilMs }),
    };
  });
}
