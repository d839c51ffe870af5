import { describe, expect, it } from 'vitest';
import { surveyJourney } from './fixtures.js';
import {
  NODE_TYPES,
  ZConditionData,
  ZJourney,
  ZJourneyEdge,
  ZJourneyNode,
  ZMessageData,
  ZSplitData,
  ZWaitData,
  ZWaitForReplyData,
} from './schema.js';

const SID = `HX${'a1'.repeat(16)}`;

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string {
  return JSON.stringify(result.error?.issues ?? []);
}

describe('node schema', () => {
  it('lists the node types', () => {
    expect(NODE_TYPES).toEqual(['start', 'message', 'wait', 'waitForReply', 'condition', 'split', 'end']);
  });

  it('parses every node of the survey fixture and strips React Flow UI keys', () => {
    const node = { ...surveyJourney().nodes[1], selected: true, measured: { width: 10, height: 5 } };
    const parsed = ZJourneyNode.parse(node);
    expect(parsed).not.toHaveProperty('selected');
    expect(parsed).not.toHaveProperty('measured');
    expect(ZJourney.parse(surveyJourney())).toEqual(surveyJourney());
  });

  it('rejects an unknown type', () => {
    const result = ZJourneyNode.safeParse({ id: 'x', type: 'webhook', position: { x: 0, y: 0 }, data: {} });
    expect(result.success).toBe(false);
    expect(messages(result)).toContain('waitForReply');
  });

  it('requires a numeric position', () => {
    expect(ZJourneyNode.safeParse({ id: 'x', type: 'end', position: { x: '1', y: 0 }, data: {} }).success).toBe(false);
  });
});

describe('message data', () => {
  it('accepts a body message on either channel', () => {
    expect(ZMessageData.safeParse({ channel: 'sms', body: 'Hi {{name}}' }).success).toBe(true);
    expect(ZMessageData.safeParse({ channel: 'whatsapp', body: 'Hi' }).success).toBe(true);
  });

  it('accepts a WhatsApp template and defaults contentVariables to {}', () => {
    expect(ZMessageData.parse({ channel: 'whatsapp', contentSid: SID })).toEqual({
      channel: 'whatsapp',
      contentSid: SID,
      contentVariables: {},
    });
    const withVars = { channel: 'whatsapp', contentSid: SID, contentVariables: { '1': '{{name}}', '2': 'x' } };
    expect(ZMessageData.safeParse(withVars).success).toBe(true);
  });

  it.each([
    [{ channel: 'sms', body: 'x', contentSid: SID }, 'not both'],
    [{ channel: 'sms' }, 'needs a body or a contentSid'],
    [{ channel: 'sms', contentSid: SID }, 'WhatsApp only'],
    [{ channel: 'whatsapp', contentSid: 'HX123' }, '32 hex'],
    [{ channel: 'whatsapp', contentSid: SID, contentVariables: { name: 'x' } }, 'template variable keys'],
    [{ channel: 'whatsapp', body: 'x'.repeat(1601) }, '1600'],
    [{ channel: 'whatsapp', body: '   ' }, 'blank'],
    [{ channel: 'telegram', body: 'x' }, 'channel'],
  ])('rejects %j (%s)', (data, hint) => {
    const result = ZMessageData.safeParse(data);
    expect(result.success).toBe(false);
    expect(messages(result)).toContain(hint);
  });

  it('accepts a body of exactly 1600 characters', () => {
    expect(ZMessageData.safeParse({ channel: 'sms', body: 'x'.repeat(1600) }).success).toBe(true);
  });
});

describe('wait data', () => {
  it('accepts positive ISO durations', () => {
    for (const duration of ['PT30S', 'PT2H', 'P3D', 'P1W'])
      expect(ZWaitData.safeParse({ duration }).success).toBe(true);
  });

  it.each(['P1M', 'PT0S', '2h', ''])('rejects %j', (duration) => {
    expect(ZWaitData.safeParse({ duration }).success).toBe(false);
  });
});

describe('waitForReply data', () => {
  const ok = {
    timeout: 'P1D',
    branches: [
      { id: 'yes', match: 'equals', value: 'yes' },
      { id: 'other', match: 'any' },
    ],
  };

  it('accepts branches; value is optional only for any', () => {
    expect(ZWaitForReplyData.safeParse(ok).success).toBe(true);
    const noValue = { ...ok, branches: [{ id: 'yes', match: 'contains' }] };
    expect(messages(ZWaitForReplyData.safeParse(noValue))).toContain('needs a value');
  });

  it.each([
    [{ ...ok, timeout: 'P1Y' }, 'years or months'],
    [{ ...ok, branches: [] }, 'at least one'],
    [{ ...ok, branches: [{ id: 'r', match: 'regex', value: '[' }] }, 'missing closing ]'],
    [{ ...ok, branches: [{ id: 'r', match: 'regex', value: '^(?=yes)' }] }, 'lookarounds are not supported'],
    [{ ...ok, branches: [{ id: 'r', match: 'regex', value: 'a'.repeat(201) }] }, 'limit is 200'],
    [
      {
        ...ok,
        branches: [
          { id: 'a', match: 'any' },
          { id: 'a', match: 'any' },
        ],
      },
      'used twice',
    ],
    [{ ...ok, branches: [{ id: 'timeout', match: 'any' }] }, 'reserved'],
    [{ ...ok, branches: [{ id: 'noMatch', match: 'any' }] }, 'reserved'],
    [{ ...ok, branches: [{ id: 'x', match: 'startsWith', value: 'a' }] }, 'match'],
    [{ ...ok, branches: [{ id: 'agrees', match: 'intent' }] }, 'needs a description of the intent'],
    [{ ...ok, branches: [{ id: 'agrees', match: 'intent', value: '  ' }] }, 'needs a description of the intent'],
    [{ ...ok, branches: [{ id: 'agrees', match: 'intent', value: 'a'.repeat(201) }] }, 'at most 200 characters'],
    [{ ...ok, branches: [{ id: 'none', match: 'intent', value: 'says nothing useful' }] }, 'another id'],
    [
      {
        ...ok,
        branches: [
          { id: 'agrees', match: 'intent', value: 'agrees' },
          { id: 'other', match: 'any' },
        ],
      },
      'branch takes every reply before the intent branches are asked',
    ],
  ])('rejects %j (%s)', (data, hint) => {
    expect(messages(ZWaitForReplyData.safeParse(data))).toContain(hint);
  });

  it('accepts intent branches beside exact ones, described in up to 200 characters', () => {
    const branches = [
      { id: 'yes', match: 'equals', value: 'yes' },
      { id: 'agrees', match: 'intent', value: 'a'.repeat(200) },
      // "none" is only reserved for intent branches: an exact branch may still be called that.
      { id: 'none', match: 'equals', value: 'none' },
    ];
    expect(ZWaitForReplyData.safeParse({ timeout: 'P1D', branches }).success).toBe(true);
  });
});

describe('condition data', () => {
  it('accepts rules; exists needs no value', () => {
    const rules = [
      { id: 'a', variable: 'tier', op: 'equals', value: 'gold' },
      { id: 'b', variable: 'order.total', op: 'gt', value: '10.5' },
      { id: 'c', variable: 'email', op: 'exists' },
    ];
    expect(ZConditionData.safeParse({ rules }).success).toBe(true);
  });

  it.each([
    [{ rules: [] }, 'at least one rule'],
    [{ rules: [{ id: 'a', variable: 'tier', op: 'equals' }] }, 'needs a value'],
    [{ rules: [{ id: 'a', variable: 'total', op: 'gt', value: 'ten' }] }, 'not one'],
    [{ rules: [{ id: 'a', variable: 'first name', op: 'exists' }] }, 'variable names'],
    [{ rules: [{ id: 'else', variable: 'x', op: 'exists' }] }, 'reserved'],
    [
      {
        rules: [
          { id: 'a', variable: 'x', op: 'exists' },
          { id: 'a', variable: 'y', op: 'exists' },
        ],
      },
      'used twice',
    ],
  ])('rejects %j (%s)', (data, hint) => {
    expect(messages(ZConditionData.safeParse(data))).toContain(hint);
  });
});

describe('split data', () => {
  it('accepts integer percents summing to 100', () => {
    expect(
      ZSplitData.safeParse({
        branches: [
          { id: 'a', percent: 70 },
          { id: 'b', percent: 30 },
        ],
      }).success,
    ).toBe(true);
  });

  it.each([
    [
      {
        branches: [
          { id: 'a', percent: 70 },
          { id: 'b', percent: 20 },
        ],
      },
      'add up to 90',
    ],
    [
      {
        branches: [
          { id: 'a', percent: 50.5 },
          { id: 'b', percent: 49.5 },
        ],
      },
      'whole number',
    ],
    [{ branches: [{ id: 'a', percent: 120 }] }, '100'],
    [
      {
        branches: [
          { id: 'a', percent: 50 },
          { id: 'a', percent: 50 },
        ],
      },
      'used twice',
    ],
  ])('rejects %j (%s)', (data, hint) => {
    expect(messages(ZSplitData.safeParse(data))).toContain(hint);
  });
});

describe('edge schema', () => {
  it('accepts null, missing and named source handles and strips targetHandle', () => {
    expect(ZJourneyEdge.parse({ id: 'e', source: 'a', target: 'b', sourceHandle: null, targetHandle: null })).toEqual({
      id: 'e',
      source: 'a',
      target: 'b',
      sourceHandle: null,
    });
    expect(ZJourneyEdge.safeParse({ id: 'e', source: 'a', target: 'b' }).success).toBe(true);
    expect(ZJourneyEdge.safeParse({ id: 'e', source: 'a', target: 'b', sourceHandle: 'yes' }).success).toBe(true);
  });

  it('rejects an edge without a target', () => {
    expect(ZJourneyEdge.safeParse({ id: 'e', source: 'a' }).success).toBe(false);
  });
});
