import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH } from '../../core/journey/constants.js';
import { buildGraph } from '../../core/journey/graph.js';
import type { TJourney } from '../../core/journey/schema.js';
import { planFirstSend } from './contact-plan.js';
import type { TContactJourneyInput } from './workflow-io.js';

const oneMessage: TJourney = {
  name: 'One message',
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hi {{name}}' } },
    { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'hello' },
    { id: 'b', source: 'hello', target: 'end' },
  ],
};

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
