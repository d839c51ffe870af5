import { describe, expect, it } from 'vitest';
import { evaluateCondition, ruleMatches } from './condition.js';
import type { TConditionRule } from './journey/node-schemas.js';

const rule = (op: TConditionRule['op'], value?: string, variable = 'v'): TConditionRule =>
  value === undefined ? { id: 'r', variable, op } : { id: 'r', variable, op, value };

describe('ruleMatches', () => {
  it.each([
    ['equals', 'Gold', 'gold', true],
    ['equals', ' São  Paulo ', 'sao paulo', true],
    ['equals', 'gold', 'silver', false],
    ['notEquals', 'gold', 'silver', true],
    ['notEquals', 'GOLD', 'gold', false],
    ['contains', 'Premium Gold', 'gold', true],
    ['contains', 'silver', 'gold', false],
    ['gt', '10', '9', true],
    ['gt', '9', '10', false],
    ['gt', '10', '10', false],
    ['lt', '-1.5', '0', true],
    ['lt', ' 3 ', '4', true],
    ['gt', 'ten', '9', false],
    ['lt', 'abc', '9', false],
    ['gt', '5', 'abc', false],
    ['gt', 'Infinity', '9', false],
  ] as const)('%s: %j vs %j -> %s', (op, actual, value, expected) => {
    expect(ruleMatches(rule(op, value), { v: actual })).toBe(expected);
  });

  it('exists is true only for a non-blank value', () => {
    expect(ruleMatches(rule('exists'), { v: 'x' })).toBe(true);
    expect(ruleMatches(rule('exists'), { v: '  ' })).toBe(false);
    expect(ruleMatches(rule('exists'), {})).toBe(false);
  });

  it('an absent variable satisfies only notEquals', () => {
    expect(ruleMatches(rule('equals', 'x'), {})).toBe(false);
    expect(ruleMatches(rule('contains', 'x'), {})).toBe(false);
    expect(ruleMatches(rule('gt', '0'), {})).toBe(false);
    expect(ruleMatches(rule('lt', '0'), {})).toBe(false);
    expect(ruleMatches(rule('notEquals', 'x'), {})).toBe(true);
  });

  it('empty string is not the number zero', () => {
    expect(ruleMatches(rule('lt', '1'), { v: '' })).toBe(false);
  });

  it('numbers in vars compare numerically', () => {
    expect(ruleMatches(rule('gt', '100'), { v: 250 })).toBe(true);
  });
});

describe('evaluateCondition', () => {
  const rules: TConditionRule[] = [
    { id: 'vip', variable: 'tier', op: 'equals', value: 'vip' },
    { id: 'big', variable: 'spend', op: 'gt', value: '1000' },
    { id: 'any-tier', variable: 'tier', op: 'exists' },
  ];

  it('returns the first matching rule id', () => {
    expect(evaluateCondition(rules, { tier: 'VIP', spend: '5000' })).toBe('vip');
    expect(evaluateCondition(rules, { tier: 'basic', spend: '5000' })).toBe('big');
    expect(evaluateCondition(rules, { tier: 'basic', spend: '10' })).toBe('any-tier');
  });

  it("returns 'else' when nothing matches", () => {
    expect(evaluateCondition(rules, { spend: '10' })).toBe('else');
    expect(evaluateCondition([], {})).toBe('else');
  });
});
