import { ELSE_HANDLE } from './journey/constants.js';
import type { TConditionRule } from './journey/node-schemas.js';
import { normalizeText } from './reply-match.js';
import { variableValue, type TVars } from './render.js';

function toNumber(s: string): number | undefined {
  // Number('') is 0 and Number(' 12 ') is 12; only the second is meant.
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function compareNumbers(actual: string, expected: string, op: 'gt' | 'lt'): boolean {
  const a = toNumber(actual);
  const b = toNumber(expected);
  if (a === undefined || b === undefined) return false;
  return op === 'gt' ? a > b : a < b;
}

/**
 * Whether one rule holds for the contact. Text comparisons use normalizeText (case,
 * accents and spacing ignored) like reply matching, because vars come from spreadsheets
 * typed by hand. An absent or blank variable only satisfies `notEquals`.
 */
export function ruleMatches(rule: TConditionRule, vars: TVars): boolean {
  const actual = variableValue(vars, rule.variable);
  if (rule.op === 'exists') return actual !== undefined;
  const expected = rule.value ?? '';
  if (actual === undefined) return rule.op === 'notEquals';
  switch (rule.op) {
    case 'equals':
      return normalizeText(actual) === normalizeText(expected);
    case 'notEquals':
      return normalizeText(actual) !== normalizeText(expected);
    case 'contains':
      return normalizeText(actual).includes(normalizeText(expected));
    case 'gt':
    case 'lt':
      return compareNumbers(actual, expected, rule.op);
  }
}

/** The id of the first rule that holds, or `'else'` when none does. Rule order is priority. */
export function evaluateCondition(rules: readonly TConditionRule[], vars: TVars): string {
  return rules.find((rule) => ruleMatches(rule, vars))?.id ?? ELSE_HANDLE;
}
