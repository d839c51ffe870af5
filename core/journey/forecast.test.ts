import { describe, expect, it } from 'vitest';
import { surveyJourney } from './fixtures.js';
import { forecastContact } from './forecast.js';
import { buildGraph } from './graph.js';
import type { TJourney, TJourneyEdge, TJourneyNode } from './schema.js';

const at = { x: 0, y: 0 };
const sms = (id: string, body: string): TJourneyNode => ({
  id,
  type: 'message',
  position: at,
  data: { channel: 'sms', body },
});
const whatsapp = (id: string, body: string): TJourneyNode => ({
  id,
  type: 'message',
  position: at,
  data: { channel: 'whatsapp', body },
});
const template = (id: string): TJourneyNode => ({
  id,
  type: 'message',
  position: at,
  data: { channel: 'whatsapp', contentSid: `HX${'a'.repeat(32)}`, contentVariables: {} },
});
const start: TJourneyNode = { id: 'start', type: 'start', position: at, data: {} };
const end: TJourneyNode = { id: 'end', type: 'end', position: at, data: {} };
const edge = (source: string, target: string, sourceHandle: string | null = null): TJourneyEdge => ({
  id: `${source}-${sourceHandle ?? ''}-${target}`,
  source,
  sourceHandle,
  target,
});
const journey = (nodes: TJourneyNode[], edges: TJourneyEdge[]): TJourney => ({ name: 'j', nodes, edges });
const forecast = (j: TJourney, vars: Record<string, string> = {}) =>
  forecastContact(buildGraph(j), { phone: '+15551234567', ...vars });

describe('forecastContact', () => {
  it('counts the survey as two messages on every path, one of them before the first pause', () => {
    const result = forecast(surveyJourney(), { firstName: 'Ada' });
    expect(result.messages).toEqual({ min: 2, max: 2 });
    expect(result.sms).toEqual({ min: 2, max: 2 });
    expect(result.whatsapp).toEqual({ min: 0, max: 0 });
    expect(result.firstWave).toEqual({ min: 1, max: 1 });
    expect(result.freeFormWhatsAppBeforeReply).toBe(false);
  });

  it('takes the branch a condition gives this contact, and every branch of a split', () => {
    const j = journey(
      [
        start,
        {
          id: 'vip',
          type: 'condition',
          position: at,
          data: { rules: [{ id: 'gold', variable: 'tier', op: 'equals', value: 'gold' }] },
        },
        sms('a', 'one'),
        sms('b', 'two'),
        {
          id: 'ab',
          type: 'split',
          position: at,
          data: {
            branches: [
              { id: 'x', percent: 50 },
              { id: 'y', percent: 50 },
              { id: 'z', percent: 0 },
            ],
          },
        },
        sms('c', 'three'),
        sms('d', 'four'),
        end,
      ],
      [
        edge('start', 'vip'),
        edge('vip', 'ab', 'gold'),
        edge('vip', 'end', 'else'),
        edge('ab', 'a', 'x'),
        edge('ab', 'end', 'y'),
        // A branch with no share is never taken: its messages do not count.
        edge('ab', 'b', 'z'),
        edge('a', 'c'),
        edge('c', 'd'),
        edge('b', 'end'),
        edge('d', 'end'),
      ],
    );
    expect(forecast(j, { tier: 'gold' }).messages).toEqual({ min: 0, max: 3 });
    expect(forecast(j, { tier: 'silver' }).messages).toEqual({ min: 0, max: 0 });
  });

  it('calls a loop that sends unbounded, and a loop of waits alone bounded', () => {
    const nodes: TJourneyNode[] = [
      start,
      sms('ask', 'Reply YES'),
      {
        id: 'reply',
        type: 'waitForReply',
        position: at,
        data: { timeout: 'PT1H', branches: [{ id: 'yes', match: 'equals', value: 'yes' }] },
      },
      { id: 'pause', type: 'wait', position: at, data: { duration: 'PT1H' } },
      end,
    ];
    const askAgain = journey(nodes, [
      edge('start', 'ask'),
      edge('ask', 'reply'),
      edge('reply', 'end', 'yes'),
      edge('reply', 'pause', 'timeout'),
      edge('pause', 'ask'),
    ]);
    expect(forecast(askAgain).messages).toEqual({ min: 1, max: null });
    const waitAgain = journey(nodes, [
      edge('start', 'ask'),
      edge('ask', 'reply'),
      edge('reply', 'end', 'yes'),
      edge('reply', 'pause', 'timeout'),
      edge('pause', 'reply'),
    ]);
    expect(forecast(waitAgain).messages).toEqual({ min: 1, max: 1 });
  });

  it('counts SMS segments of the body as rendered for this contact (GSM-7 or UCS-2)', () => {
    const j = journey(
      [start, sms('hi', `Hello {{name}} ${'x'.repeat(140)}`), end],
      [edge('start', 'hi'), edge('hi', 'end')],
    );
    // 146 GSM-7 characters plus the name: one segment for "Ann", two for a longer name.
    expect(forecast(j, { name: 'Ann' }).segments).toEqual({ min: 1, max: 1 });
    expect(forecast(j, { name: 'Annabelle-Marie' }).segments).toEqual({ min: 2, max: 2 });
    // One character outside GSM-7 (ł) makes the whole body UCS-2: 67 characters a segment.
    expect(forecast(j, { name: 'Michał' }).segments).toEqual({ min: 3, max: 3 });
  });

  it('flags free-form WhatsApp before a reply, not a template nor free text after one', () => {
    const reply: TJourneyNode = {
      id: 'reply',
      type: 'waitForReply',
      position: at,
      data: { timeout: 'PT1H', branches: [{ id: 'yes', match: 'any' }] },
    };
    const templateFirst = journey(
      [start, template('open'), reply, whatsapp('after', 'Thanks!'), end],
      [
        edge('start', 'open'),
        edge('open', 'reply'),
        edge('reply', 'after', 'yes'),
        edge('reply', 'end', 'timeout'),
        edge('after', 'end'),
      ],
    );
    expect(forecast(templateFirst).freeFormWhatsAppBeforeReply).toBe(false);
    expect(forecast(templateFirst).whatsapp).toEqual({ min: 1, max: 2 });
    const freeFirst = journey([start, whatsapp('open', 'Hi'), end], [edge('start', 'open'), edge('open', 'end')]);
    expect(forecast(freeFirst).freeFormWhatsAppBeforeReply).toBe(true);
    const freeOnTimeout = journey(
      [start, template('open'), reply, whatsapp('nudge', 'Still there?'), end],
      [
        edge('start', 'open'),
        edge('open', 'reply'),
        edge('reply', 'end', 'yes'),
        edge('reply', 'nudge', 'timeout'),
        edge('nudge', 'end'),
      ],
    );
    expect(forecast(freeOnTimeout).freeFormWhatsAppBeforeReply).toBe(true);
  });
});
