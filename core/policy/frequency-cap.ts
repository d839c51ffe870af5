import { z } from 'zod';

const HOUR_MS = 60 * 60 * 1000;

/** At most `max` messages to one phone per workspace in any rolling `windowHours` hours. */
export const ZFrequencyCap = z.object({
  max: z
    .number()
    .int('max must be a whole number')
    .min(1, 'max must be at least 1')
    .max(1000, 'max must be at most 1000'),
  windowHours: z
    .number()
    .int('windowHours must be a whole number')
    .min(1, 'windowHours must be at least 1')
    .max(168, 'windowHours must be at most 168 (one week)')
    .default(24),
});
export type TFrequencyCap = z.infer<typeof ZFrequencyCap>;

export type TFrequencyCapDecision = { ok: true } | { ok: false; retryAtMs: number };

export type TFrequencyCapInput = {
  nowMs: number;
  /** This phone's sends in this workspace, in any order; a send at t counts while nowMs - t < window. */
  sentAtMs: ReadonlyArray<number>;
  cap: TFrequencyCap;
};

/**
 * Whether one more message fits under the cap now. If not, `retryAtMs` is when enough of
 * the oldest sends in the window have aged out for one more to fit, so a waiting send can
 * sleep exactly until then (other sends may still fill the slot first: check again).
 */
export function frequencyCapDecision({ nowMs, sentAtMs, cap }: TFrequencyCapInput): TFrequencyCapDecision {
  const windowMs = cap.windowHours * HOUR_MS;
  const inWindow = sentAtMs.filter((at) => Number.isFinite(at) && nowMs - at < windowMs).sort((a, b) => a - b);
  if (inWindow.length < cap.max) return { ok: true };
  // Leaving room for one more means dropping to max - 1 sends, so the send at this index
  // (counting from the oldest) is the last that has to leave the window.
  const lastToLeave = inWindow[inWindow.length - cap.max] ?? nowMs;
  return { ok: false, retryAtMs: lastToLeave + windowMs };
}
