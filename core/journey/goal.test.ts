import { describe, expect, it } from 'vitest';
import { compileReplyRegex } from '../regex-safety.js';
import { offerSplitJourney, surveyJourney } from './fixtures.js';
import { goalWindowMs, reachesGoal, type TJourneyGoal } from './goal.js';
import { validateJourney } from './validate.js';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1);

describe('validateJourney: the goal', () => {
  it('keeps a valid reply or event goal on the journey', () => {
    for (const goal of [
      { kind: 'reply', match: 'contains', value: 'buy', window: 'P7D' },
      { kind: 'reply', match: 'any', window: 'PT12H' },
      { kind: 'event', event: 'order.paid', window: 'P2W' },
    ] as const) {
      const result = validateJourney({ ...surveyJourney(), goal });
      expect(result).toEqual({ ok: true, journey: { ...surveyJourney(), goal } });
    }
  });

  it('reads null like no goal', () => {
    expect(validateJourney({ ...surveyJourney(), goal: null })).toEqual({ ok: true, journey: surveyJourney() });
  });

  it.each([
    [{ kind: 'reply', match: 'equals', window: 'P7D' }, 'bad_value', ['goal', 'value']],
    [{ kind: 'reply', match: 'regex', value: '(?=x)', window: 'P7D' }, 'bad_regex', ['goal', 'value']],
    [{ kind: 'reply', match: 'contains', value: 'x', window: 'P1M' }, 'bad_duration', ['goal', 'window']],
    [{ kind: 'event', event: 'order paid', window: 'P1D' }, 'schema', ['goal', 'event']],
    [{ kind: 'event', event: 'paid' }, 'schema', ['goal', 'window']],
    [{ kind: 'visit', window: 'P1D' }, 'schema', ['goal', 'kind']],
  ])('reports %j as a journey problem', (goal, code, path) => {
    const result = validateJourney({ ...surveyJourney(), goal });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([expect.objectContaining({ code, path })]);
  });
});

describe('reachesGoal', () => {
  const replyGoal: TJourneyGoal = { kind: 'reply', match: 'regex', value: '^buy\\b', window: 'P7D' };
  const eventGoal: TJourneyGoal = { kind: 'event', event: 'order.paid', window: 'P7D' };
  const at = (ms: number) => ({ startedAtMs: START, atMs: START + ms });

  it('matches a reply as a branch would, RE2 and case-insensitive', () => {
    expect(reachesGoal(replyGoal, { kind: 'reply', reply: { text: 'BUY now' } }, at(DAY), compileReplyRegex)).toBe(
      true,
    );
    expect(reachesGoal(replyGoal, { kind: 'reply', reply: { text: 'not buying' } }, at(DAY), compileReplyRegex)).toBe(
      false,
    );
    expect(reachesGoal(replyGoal, { kind: 'event', event: 'buy' }, at(DAY), compileReplyRegex)).toBe(false);
  });

  it('matches an event by its exact name', () => {
    expect(reachesGoal(eventGoal, { kind: 'event', event: 'order.paid' }, at(DAY), compileReplyRegex)).toBe(true);
    expect(reachesGoal(eventGoal, { kind: 'event', event: 'Order.Paid' }, at(DAY), compileReplyRegex)).toBe(false);
    expect(reachesGoal(eventGoal, { kind: 'reply', reply: { text: 'order.paid' } }, at(DAY), compileReplyRegex)).toBe(
      false,
    );
  });

  it('counts from the start to the end of the window, both included', () => {
    const paid = { kind: 'event', event: 'order.paid' } as const;
    expect(goalWindowMs(eventGoal)).toBe(7 * DAY);
    expect(reachesGoal(eventGoal, paid, at(0), compileReplyRegex)).toBe(true);
    expect(reachesGoal(eventGoal, paid, at(7 * DAY), compileReplyRegex)).toBe(true);
    expect(reachesGoal(eventGoal, paid, at(7 * DAY + 1), compileReplyRegex)).toBe(false);
    expect(reachesGoal(eventGoal, paid, at(-1), compileReplyRegex)).toBe(false);
  });
});

describe('offerSplitJourney', () => {
  it('is a valid journey, with its goal', () => {
    const goal = { kind: 'event', event: 'order.paid', window: 'P7D' } as const;
    expect(validateJourney(offerSplitJourney(goal))).toEqual({ ok: true, journey: offerSplitJourney(goal) });
  });
});
