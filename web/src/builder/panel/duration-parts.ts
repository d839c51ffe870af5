import { parseDuration } from '../../../../core/index.js';

/** Units the duration fields offer, smallest first. */
export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'] as const;
export type TDurationUnit = (typeof DURATION_UNITS)[number];

const UNIT_MS: Record<TDurationUnit, number> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** A duration as the form shows it: a number and a unit. */
export interface TDurationParts {
  amount: number;
  unit: TDurationUnit;
}

/**
 * Splits an ISO-8601 duration into the largest unit that divides it exactly: P3D -> 3
 * days, PT90M -> 90 minutes, P14D -> 2 weeks. Undefined when core cannot parse it.
 */
export function durationToParts(iso: string): TDurationParts | undefined {
  const parsed = parseDuration(iso);
  if (!parsed.ok) return undefined;
  const unit = [...DURATION_UNITS].reverse().find((u) => parsed.ms % UNIT_MS[u] === 0) ?? 'seconds';
  return { amount: parsed.ms / UNIT_MS[unit], unit };
}

function isoOf(amount: number, unit: TDurationUnit): string {
  switch (unit) {
    case 'seconds':
      return `PT${amount}S`;
    case 'minutes':
      return `PT${amount}M`;
    case 'hours':
      return `PT${amount}H`;
    case 'days':
      return `P${amount}D`;
    case 'weeks':
      return `P${amount}W`;
  }
}

export type TDurationInput = { ok: true; iso: string } | { ok: false; error: string };

/**
 * Turns what the user typed into ISO-8601: "3" + days -> P3D, "30" + minutes -> PT30M.
 * Only whole numbers above zero; core's parser has the last word (e.g. on huge values).
 */
export function partsToDuration(amount: string, unit: TDurationUnit): TDurationInput {
  const text = amount.trim();
  if (!/^\d+$/.test(text) || Number(text) <= 0) return { ok: false, error: 'Enter a whole number above 0' };
  const iso = isoOf(Number(text), unit);
  const parsed = parseDuration(iso);
  return parsed.ok ? { ok: true, iso } : { ok: false, error: parsed.reason };
}
