import { describe, expect, it } from 'vitest';
import { validateJourney, type TProblem } from '../../../../core/index.js';
import { offerSplitJourney } from '../../../../core/journey/fixtures.js';
import { goalErrors, goalMatchPatch, goalOfKind } from './goal-ops';

function problemsOf(goal: unknown): TProblem[] {
  const result = validateJourney({ ...offerSplitJourney(), goal });
  return result.ok ? [] : result.problems;
}

describe('goalOfKind', () => {
  it('starts a goal with a week-long window and keeps the window across kinds', () => {
    const reply = goalOfKind(null, 'reply');
    expect(reply).toEqual({ kind: 'reply', match: 'contains', value: '', window: 'P7D' });
    const event = goalOfKind({ kind: 'reply', match: 'any', window: 'PT12H' }, 'event');
    expect(event).toEqual({ kind: 'event', event: '', window: 'PT12H' });
    expect(goalOfKind(event, 'event')).toBe(event);
    expect(goalOfKind(event, 'none')).toBeNull();
  });
});

describe('goalMatchPatch', () => {
  it('drops the value for "any reply"', () => {
    const goal = { kind: 'reply', match: 'contains', value: 'buy', window: 'P7D' } as const;
    expect(goalMatchPatch(goal, 'any')).toEqual({ kind: 'reply', match: 'any', window: 'P7D' });
    expect(goalMatchPatch(goal, 'regex')).toEqual({ ...goal, match: 'regex' });
  });
});

describe('goalErrors', () => {
  it("puts core's goal problems on their field, without the field's prefix", () => {
    const errors = goalErrors(problemsOf({ kind: 'reply', match: 'contains', value: '', window: 'P1M' }));
    expect(errors.get('value')).toBe('a "contains" goal needs a value');
    expect(errors.get('window')).toMatch(/years or months/);
    expect(goalErrors(problemsOf({ kind: 'event', event: 'order paid', window: 'P7D' })).get('event')).toMatch(
      /letters, digits/,
    );
    expect(goalErrors(problemsOf({ kind: 'event', event: 'paid', window: 'P7D' })).size).toBe(0);
  });
});
