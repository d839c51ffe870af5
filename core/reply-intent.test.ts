import { describe, expect, it } from 'vitest';
import { intentJourney, surveyJourney } from './journey/fixtures.js';
import type { TReplyBranch } from './journey/node-schemas.js';
import { hasIntentBranches, intentAnswers, intentOptions, offeredIntent } from './reply-intent.js';

const branches: TReplyBranch[] = [
  { id: 'call', match: 'contains', value: 'call me' },
  { id: 'agrees', match: 'intent', value: 'agrees to the appointment' },
  { id: 'reschedule', match: 'intent', value: 'asks for another time' },
];
const options = intentOptions(branches);

describe('intent options', () => {
  it('are the intent branches, in order, with what they mean', () => {
    expect(options).toEqual([
      { id: 'agrees', intent: 'agrees to the appointment' },
      { id: 'reschedule', intent: 'asks for another time' },
    ]);
    expect(intentAnswers(options)).toEqual(['agrees', 'reschedule', 'none']);
  });

  it('tell which journeys need the classifier', () => {
    expect(hasIntentBranches(intentJourney())).toBe(true);
    expect(hasIntentBranches(surveyJourney())).toBe(false);
  });
});

describe('offeredIntent', () => {
  it('accepts exactly an offered intent branch id', () => {
    expect(offeredIntent('agrees', options)).toBe('agrees');
    expect(offeredIntent('reschedule', options)).toBe('reschedule');
  });

  it.each([
    ['none', 'no intent'],
    ['call', 'a branch of the node that is not an intent branch'],
    ['timeout', 'a built-in handle'],
    ['noMatch', 'a built-in handle'],
    ['Agrees', 'another case'],
    [' agrees', 'surrounding space'],
    ['yes', 'what an injected reply asked for'],
    ['', 'nothing'],
    [undefined, 'no answer'],
    [{ intent: 'agrees' }, 'not a string'],
  ])('counts %j as no intent (%s)', (answer, _why) => {
    expect(offeredIntent(answer, options)).toBeUndefined();
  });
});
