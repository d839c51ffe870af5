import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH } from '../../core/journey/constants.js';
import { oneMessageJourney } from '../../core/journey/fixtures.js';
import { buildGraph } from '../../core/journey/graph.js';
import { planFirstSend } from './contact-plan.js';
import type { TContactJourneyInput } from './workflow-io.js';

const oneMessage = oneMessageJourney();

const input = (name: string): TContactJourneyInput => ({
  version: 3,
  workspaceId: 'w',
  runId: 'r',
  journeyId: 'j',
  contactId: 'c',
  phone: '+14155550100',
  vars: { name },
  journey: oneMessage,
});

describe('planFirstSend', () => {
  it('plans a first message the launcher can queue, handed off when it is the last step', () => {
    const plan = planFirstSend(buildGraph(oneMessage), input('Ada'), 'wf', Date.UTC(2026, 11, 3, 12));
    expect(plan).toMatchObject({ nodeId: 'hello', send: { body: 'Hi Ada', idempotencyKey: 'wf/hello/1' } });
    expect(plan?.handOff).toBe(true);
  });

  it('leaves a message longer than Twilio takes to the contact, whose send records the refusal', () => {
    const long = 'x'.repeat(MAX_BODY_LENGTH - 2);
    expect(planFirstSend(buildGraph(oneMessage), input(long), 'wf', Date.UTC(2026, 11, 3, 12))).toBeUndefined();
  });
});
