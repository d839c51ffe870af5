import { describe, expect, it } from 'vitest';
import { buttonBranchOffer, buttonsPatch, canAddButton, contentPatch, draftButtons } from './button-ops';

const SID = `HX${'c3'.repeat(16)}`;
const buttons = [
  { id: 'CONFIRM', title: 'Confirm' },
  { id: 'CANCEL', title: 'Cancel' },
];
const nodes = [
  { id: 'start', type: 'start', data: {} },
  { id: 'ask', type: 'message', data: { channel: 'whatsapp', contentSid: SID, contentVariables: {}, buttons } },
  { id: 'reply', type: 'waitForReply', data: { timeout: 'P1D', branches: [] } },
];
const edges = [
  { id: 'e1', source: 'start', target: 'ask' },
  { id: 'e2', source: 'ask', target: 'reply' },
];

describe('buttonBranchOffer', () => {
  it('offers a payload branch per button of the message before the wait-for-reply', () => {
    const offer = buttonBranchOffer({ nodes, edges }, 'reply', [{ id: 'yes', match: 'equals', value: 'yes' }]);
    expect(offer?.missing).toEqual(buttons);
    expect(offer?.branches).toEqual([
      { id: 'yes', match: 'equals', value: 'yes' },
      { id: 'Confirm', match: 'payload', value: 'CONFIRM' },
      { id: 'Cancel', match: 'payload', value: 'CANCEL' },
    ]);
  });

  it('offers only the buttons without a branch, and nothing once all have one', () => {
    const one = buttonBranchOffer({ nodes, edges }, 'reply', [{ id: 'ok', match: 'payload', value: 'confirm' }]);
    expect(one?.missing).toEqual([buttons[1]]);
    expect(one && buttonBranchOffer({ nodes, edges }, 'reply', one.branches)).toBeUndefined();
  });

  it('offers nothing when the message before has no buttons or is not connected', () => {
    expect(buttonBranchOffer({ nodes, edges: [edges[0]!] }, 'reply', [])).toBeUndefined();
    const plain = nodes.map((n) => (n.id === 'ask' ? { ...n, data: { channel: 'whatsapp', body: 'Hi' } } : n));
    expect(buttonBranchOffer({ nodes: plain, edges }, 'reply', [])).toBeUndefined();
  });
});

describe('button editing', () => {
  it('reads the node buttons, tolerating drafts', () => {
    expect(draftButtons(undefined)).toEqual([]);
    expect(draftButtons([{ id: 'A', title: 'a' }, { title: 3 }])).toEqual([
      { id: 'A', title: 'a' },
      { id: '', title: '' },
    ]);
  });

  it('drops the field when the last button goes, and stops at three', () => {
    expect(buttonsPatch([])).toEqual({ buttons: undefined });
    expect(buttonsPatch(buttons)).toEqual({ buttons });
    expect(canAddButton(buttons)).toBe(true);
    expect(canAddButton([...buttons, { id: 'X', title: 'x' }])).toBe(false);
  });
});

describe('contentPatch', () => {
  it("copies the template's buttons and adds rows for the variables not filled yet", () => {
    const patch = contentPatch({ '1': '{{firstName}}' }, { variables: { '1': 'there', '2': 'Monday' }, buttons });
    expect(patch).toEqual({ contentVariables: { '1': '{{firstName}}', '2': '' }, buttons });
  });

  it('removes the buttons when the template has none', () => {
    expect(contentPatch({}, { variables: {}, buttons: [] })).toEqual({ contentVariables: {}, buttons: undefined });
  });
});
