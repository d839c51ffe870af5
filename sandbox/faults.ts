import { z } from 'zod';
import { bareAddress, isE164, repairPlus } from './phone.js';

const ZDelayMs = z.number().int().min(0).max(600_000);

/** What happens to a create request a rule hits. */
export const ZFaultEffect = z.discriminatedUnion('kind', [
  /** Rejected with this Twilio error; nothing is stored. */
  z
    .object({
      kind: z.literal('error'),
      code: z.number().int().min(1).max(99_999),
      status: z.number().int().min(400).max(599).default(400),
    })
    .strict(),
  /** HTTP 429 with Twilio code 20429; nothing is stored. */
  z.object({ kind: z.literal('rateLimit') }).strict(),
  /** Handled normally after a delay (the message's dateCreated is still the arrival time). */
  z.object({ kind: z.literal('latency'), ms: ZDelayMs }).strict(),
  /** Stored and delivered like any message, then answered with a 5xx: Twilio did send. */
  z
    .object({
      kind: z.literal('serverErrorAfterRecord'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500),
    })
    .strict(),
  /** Stored and delivered, then the answer (a 504) is held for `ms`, so a shorter client timeout fires. */
  z.object({ kind: z.literal('timeoutAfterRecord'), ms: ZDelayMs.default(30_000) }).strict(),
  /** Stored and delivered, then the TCP connection is destroyed without an answer. */
  z.object({ kind: z.literal('resetAfterRecord') }).strict(),
]);

/** Which create requests a rule applies to; an empty match applies to all. */
export const ZFaultMatch = z
  .object({
    /** E.164 phone; matches both `+1…` and `whatsapp:+1…` recipients. */
    to: z
      .string()
      .max(64)
      .transform((value) => bareAddress(repairPlus(value)))
      .refine(isE164, { message: 'expected an E.164 number like +15551234567' })
      .optional(),
    /** Fraction of matching requests affected, spread evenly: 0.25 hits every 4th. */
    share: z.number().gt(0).max(1).optional(),
  })
  .strict();

export const ZFaultRule = z
  .object({
    match: ZFaultMatch.default({}),
    effect: ZFaultEffect,
    /** Apply to the first `times` hits only, then the rule is spent. */
    times: z.number().int().positive().optional(),
  })
  .strict();

export type TFaultRuleInput = z.input<typeof ZFaultRule>;
export type TFaultRule = z.output<typeof ZFaultRule>;
export type TFaultEffect = z.output<typeof ZFaultEffect>;
export type FaultKind = TFaultEffect['kind'];

/** A rule as listed: its definition plus how often it matched and applied. */
export interface FaultRuleView {
  id: string;
  match: TFaultRule['match'];
  effect: TFaultEffect;
  times: number | null;
  /** Create requests that matched `to` (whether or not `share` selected them). */
  matched: number;
  /** Requests the effect was applied to. */
  hits: number;
  spent: boolean;
}

interface LiveRule {
  id: string;
  rule: TFaultRule;
  matched: number;
  hits: number;
  /** Share accumulator: each match adds `share`, a hit spends 1. Deterministic, unlike a coin toss. */
  credit: number;
}

// Absorbs float drift so that e.g. ten matches at share 0.1 make exactly one hit.
const EPSILON = 1e-9;

/**
 * Ordered fault rules for the sandbox's Messages create: the first live rule that
 * matches a request and selects it (by `share`) decides its fate.
 */
export class SandboxFaults {
  private rules: LiveRule[] = [];
  private nextId = 1;

  /** Validates and appends a rule (throws a ZodError on bad input). */
  add(input: TFaultRuleInput): FaultRuleView {
    const rule = ZFaultRule.parse(input);
    const live: LiveRule = { id: `fault_${this.nextId}`, rule, matched: 0, hits: 0, credit: 0 };
    this.nextId += 1;
    this.rules.push(live);
    return view(live);
  }

  /** Every rule in match order, spent ones included. */
  list(): FaultRuleView[] {
    return this.rules.map(view);
  }

  /** Removes one rule; false when there is no rule with that id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule and returns how many there were. */
  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    return count;
  }

  /** The effect for a create request to `to`, counting the use; undefined when no rule applies. */
  take(to: string): TFaultEffect | undefined {
    const phone = bareAddress(to);
    for (const live of this.rules) {
      if (isSpent(live)) continue;
      const { match } = live.rule;
      if (match.to !== undefined && match.to !== phone) continue;
      live.matched += 1;
      if (match.share !== undefined) {
        live.credit += match.share;
        // Not selected this time: a later rule may still apply.
        if (live.credit < 1 - EPSILON) continue;
        live.credit -= 1;
      }
      live.hits += 1;
      return live.rule.effect;
    }
    return undefined;
  }
}

function isSpent(live: LiveRule): boolean {
  return live.rule.times !== undefined && live.hits >= live.rule.times;
}

function view(live: LiveRule): FaultRuleView {
  return {
    id: live.id,
    match: { ...live.rule.match },
    effect: { ...live.rule.effect },
    times: live.rule.times ?? null,
    matched: live.matched,
    hits: live.hits,
    spent: isSpent(live),
  };
}
