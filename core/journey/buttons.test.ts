import { describe, expect, it } from 'vitest';
import { surveyJourney } from './fixtures.js';
import { buttonSourcesBefore, unbranchedButtons, withButtonBranches, type TReplyBranch } from './schema.js';
import { validateJourney } from './validate.js';

const SID = `HX${'b2'.repeat(16)}`;
const BUTTONS = [
  { id: 'CONFIRM', title: 'Confirm' },
  { id: 'RESCHEDULE', title: 'Reschedule' },
];

/** The survey with its question sent as a quick-reply template. */
function withTemplateAsk(data: Record<string, unknown>) {
  const journey = surveyJourney();
  const ask = journey.nodes.find((n) => n.id === 'ask');
  if (!ask) throw new Error('fixture changed');
  (ask as { data: unknown }).data = { contentSid: SID, contentVariables: { '1': '{{name}}' }, ...data };
  return journey;
}

function problemsOf(data: Record<string, unknown>) {
  const result = validateJourney(withTemplateAsk(data));
  return result.ok ? [] : result.problems;
}

describe('quick-reply buttons on a message', () => {
  it('accepts up to three buttons on a WhatsApp template and keeps them', () => {
    const buttons = [...BUTTONS, { id: 'CANCEL', title: 'x'.repeat(20) }];
    const result = validateJourney(withTemplateAsk({ channel: 'whatsapp', buttons }));
    expect(result.ok).toBe(true);
    const ask = result.ok ? result.journey.nodes.find((n) => n.id === 'ask') : undefined;
    expect(ask?.type === 'message' && ask.data.contentSid !== undefined ? ask.data.buttons : undefined).toEqual(
      buttons,
    );
  });

  it.each([
    [{ channel: 'whatsapp', buttons: [...BUTTONS, { id: 'A', title: 'A' }, { id: 'B', title: 'B' }] }, 'at most 3'],
    [{ channel: 'whatsapp', buttons: [{ id: 'A', title: 'x'.repeat(21) }] }, 'at most 20 characters'],
    [{ channel: 'whatsapp', buttons: [{ id: ' ', title: 'Yes' }] }, 'needs an id'],
    [{ channel: 'whatsapp', buttons: [{ id: 'A', title: '' }] }, 'needs a title'],
    [{ channel: 'whatsapp', buttons: [{ id: 'x'.repeat(201), title: 'Yes' }] }, 'at most 200'],
    [{ channel: 'whatsapp', buttons: [] }, 'add a button'],
    [{ channel: 'whatsapp', buttons: [...BUTTONS, { id: 'confirm', title: 'Sure' }] }, 'used twice'],
    [{ channel: 'whatsapp', buttons: [...BUTTONS, { id: 'C', title: 'CONFIRM' }] }, 'buttons.2.title: button title'],
    [{ channel: 'sms', buttons: BUTTONS }, 'WhatsApp only'],
  ])('reports %j as a problem of the node (%s)', (data, hint) => {
    const problems = problemsOf(data);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.nodeId === 'ask')).toBe(true);
    expect(JSON.stringify(problems)).toContain(hint);
  });

  it('refuses buttons on a free-text message, saying they need a content template', () => {
    const journey = surveyJourney();
    const ask = journey.nodes.find((n) => n.id === 'ask');
    (ask as { data: unknown }).data = { channel: 'whatsapp', body: 'Coming?', buttons: BUTTONS };
    const result = validateJourney(journey);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({
        nodeId: 'ask',
        path: ['nodes', 1, 'data', 'buttons'],
        message: expect.stringContaining('go with a WhatsApp content template (contentSid)'),
      }),
    ]);
  });

  it('names duplicate buttons with their own problem code and path', () => {
    const problems = problemsOf({ channel: 'whatsapp', buttons: [...BUTTONS, { id: 'CONFIRM', title: 'Yes' }] });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'duplicate_button', path: ['nodes', 1, 'data', 'buttons', 2, 'id'] }),
    ]);
  });
});

describe('buttonSourcesBefore', () => {
  const nodes = [
    { id: 'ask', type: 'message', data: { channel: 'whatsapp', contentSid: SID, buttons: BUTTONS } },
    { id: 'plain', type: 'message', data: { channel: 'whatsapp', body: 'hi' } },
    { id: 'pause', type: 'wait', data: { duration: 'PT1H' } },
    { id: 'reply', type: 'waitForReply', data: {} },
    { id: 'cond', type: 'condition', data: {} },
  ];

  it('finds the buttons of the message right before, and through waits', () => {
    expect(buttonSourcesBefore({ nodes, edges: [{ source: 'ask', target: 'reply' }] }, 'reply')).toEqual([
      { nodeId: 'ask', buttons: BUTTONS },
    ]);
    const edges = [
      { source: 'ask', target: 'pause' },
      { source: 'pause', target: 'reply' },
    ];
    expect(buttonSourcesBefore({ nodes, edges }, 'reply')).toEqual([{ nodeId: 'ask', buttons: BUTTONS }]);
  });

  it('stops at the nearest message and at other node types', () => {
    const behindPlain = [
      { source: 'ask', target: 'plain' },
      { source: 'plain', target: 'reply' },
    ];
    expect(buttonSourcesBefore({ nodes, edges: behindPlain }, 'reply')).toEqual([]);
    const behindCondition = [
      { source: 'ask', target: 'cond' },
      { source: 'cond', target: 'reply' },
    ];
    expect(buttonSourcesBefore({ nodes, edges: behindCondition }, 'reply')).toEqual([]);
  });

  it('ends on a loop and skips malformed buttons', () => {
    const loopNodes = [
      ...nodes.filter((n) => n.id !== 'ask'),
      { id: 'ask', type: 'message', data: { buttons: [{ id: 'OK', title: 'Ok' }, { id: 3 }] } },
    ];
    const edges = [
      { source: 'ask', target: 'pause' },
      { source: 'pause', target: 'reply' },
      { source: 'reply', target: 'pause' },
    ];
    expect(buttonSourcesBefore({ nodes: loopNodes, edges }, 'reply')).toEqual([
      { nodeId: 'ask', buttons: [{ id: 'OK', title: 'Ok' }] },
    ]);
  });
});

describe('withButtonBranches', () => {
  it('adds one payload branch per button, titled by the button and matching its id', () => {
    expect(withButtonBranches([], BUTTONS)).toEqual([
      { id: 'Confirm', match: 'payload', value: 'CONFIRM' },
      { id: 'Reschedule', match: 'payload', value: 'RESCHEDULE' },
    ]);
  });

  it('skips buttons that already have a branch, avoids used and reserved ids, and goes before "any"', () => {
    const branches: TReplyBranch[] = [
      { id: 'confirm', match: 'equals', value: 'yes' },
      { id: 'resched', match: 'payload', value: 'reschedule' },
      { id: 'rest', match: 'any' },
    ];
    const buttons = [...BUTTONS, { id: 'T', title: 'Timeout' }];
    expect(withButtonBranches(branches, buttons)).toEqual([
      branches[0],
      branches[1],
      { id: 'Confirm 2', match: 'payload', value: 'CONFIRM' },
      { id: 'Timeout 2', match: 'payload', value: 'T' },
      branches[2],
    ]);
    expect(unbranchedButtons(withButtonBranches(branches, buttons), buttons)).toEqual([]);
  });

  it('leaves the branches as they are when every button has one', () => {
    const branches: TReplyBranch[] = [
      { id: 'a', match: 'payload', value: 'CONFIRM' },
      { id: 'b', match: 'payload', value: 'RESCHEDULE' },
    ];
    expect(withButtonBranches(branches, BUTTONS)).toEqual(branches);
    expect(unbranchedButtons(branches, BUTTONS)).toEqual([]);
  });
});
