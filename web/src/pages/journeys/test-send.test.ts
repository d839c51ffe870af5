import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../../../core/journey/fixtures.js';
import { ApiError } from '../../api-client/errors';
import { testBody, testFieldErrors, testFields } from './test-send';

describe('testFields', () => {
  it("asks for the variables the journey's messages use, then those only its conditions read", () => {
    const journey = surveyJourney();
    journey.nodes.push({
      id: 'vip',
      type: 'condition',
      position: { x: 0, y: 0 },
      data: {
        rules: [
          { id: 'gold', variable: 'tier', op: 'equals', value: 'gold' },
          { id: 'named', variable: 'firstName', op: 'exists' },
        ],
      },
    } as never);
    journey.edges = journey.edges.map((e) => (e.id === 'e-start-ask' ? { ...e, target: 'vip' } : e));
    journey.edges.push(
      { id: 'v-gold', source: 'vip', sourceHandle: 'gold', target: 'ask' },
      { id: 'v-named', source: 'vip', sourceHandle: 'named', target: 'ask' },
      { id: 'v-else', source: 'vip', sourceHandle: 'else', target: 'ask' },
    );
    expect(testFields(journey)).toEqual({ required: ['firstName'], optional: ['tier'] });
  });

  it('asks for nothing of a journey with problems (it cannot be tested)', () => {
    expect(testFields({ name: 'Broken', nodes: [{ id: 'start', type: 'start' }], edges: [] })).toEqual({
      required: [],
      optional: [],
    });
  });
});

describe('testBody', () => {
  it('trims the phone and leaves blank variables out, as absent', () => {
    expect(testBody(' +1 415 555 2671 ', { firstName: 'Ada', tier: '  ' })).toEqual({
      phone: '+1 415 555 2671',
      vars: { firstName: 'Ada' },
    });
  });
});

describe('testFieldErrors', () => {
  it("puts the API's problems under the phone and each variable, and the rest above the form", () => {
    const error = new ApiError(400, 'invalid_input', 'The request is invalid.', [
      { path: 'phone', message: 'too short' },
      { path: 'vars.firstName', message: "the journey's messages use {{firstName}}" },
      { path: 'vars', message: '60 variables; the limit is 50 per contact' },
    ]);
    expect(testFieldErrors(error, ['firstName'])).toEqual({
      phone: 'too short',
      firstName: "the journey's messages use {{firstName}}",
      '': '60 variables; the limit is 50 per contact',
    });
    expect(testFieldErrors(new Error('offline'), ['firstName'])).toEqual({});
  });
});
