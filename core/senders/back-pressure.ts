/**
 * Twilio's answers that mean "slower", not "failed": 21611 (the sender's queue is full:
 * Twilio keeps at most 10 hours of messages per number) and 20429 (too many concurrent
 * requests on the account, HTTP 429). The message was not taken, so it is sent again
 * later, and the sender's rate is lowered for a while.
 */
export const BACK_PRESSURE_CODES: ReadonlySet<number> = new Set([21611, 20429]);

/** Each back-pressure answer multiplies the sender's rate by this... */
export const BACK_PRESSURE_FACTOR = 0.5;
/** ...down to this share of it at most... */
export const MIN_RATE_FACTOR = 1 / 16;
/** ...for this long after the latest one; then the sender goes back to its full rate. */
export const BACK_PRESSURE_HOLD_MS = 60_000;

/** The rate factor after one more back-pressure answer, from the factor in force (1 when none is). */
export function lowerRateFactor(current: number): number {
  return Math.max(MIN_RATE_FACTOR, Math.min(1, current) * BACK_PRESSURE_FACTOR);
}

/** The factor in force at `nowMs` for a sender slowed to `factor` until `untilMs`. */
export function rateFactorAt(nowMs: number, slowed: { factor: number; untilMs: number } | undefined): number {
  return slowed && nowMs < slowed.untilMs ? slowed.factor : 1;
}

/** How long a send refused by back-pressure waits before it is tried again, at the lowered rate. */
export function backPressureDelayMs(ratePerSec: number, factor: number, cost: number): number {
  return Math.ceil((cost * 1_000) / (ratePerSec * factor));
}
