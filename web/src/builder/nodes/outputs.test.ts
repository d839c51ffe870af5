import { describe, expect, it } from 'vitest';
import { defaultData } from '../defaults';
import { nodeOutputs } from './outputs';

describe('nodeOutputs', () => {
  it('labels a wait-for-reply: one handle per branch, then no match and the timeout', () => {
    const outputs = nodeOutputs({ id: 'r', type: 'waitForReply', data: defaultData('waitForReply') });
    expect(outputs.map((o) => [o.id, o.label])).toEqual([
      ['yes', 'YES'],
      ['no', 'NO'],
      ['noMatch', 'no match'],
      ['timeout', 'after 1 day'],
    ]);
    expect(outputs[0]?.detail).toBe('reply is "yes"');
  });

  it('labels condition rules as sentences and split branches with percents', () => {
    const condition = nodeOutputs({
      id: 'c',
      type: 'condition',
      data: { rules: [{ id: 'r1', variable: 'age', op: 'gt', value: '30' }] },
    });
    expect(condition.map((o) => o.label)).toEqual(['if age is more than 30', 'otherwise']);
    const split = nodeOutputs({ id: 's', type: 'split', data: defaultData('split') });
    expect(split.map((o) => o.label)).toEqual(['A · 50%', 'B · 50%']);
  });

  it('gives start, message and wait one unnamed output and end none', () => {
    expect(nodeOutputs({ id: 'm', type: 'message', data: defaultData('message') })).toEqual([
      { id: null, label: 'next' },
    ]);
    expect(nodeOutputs({ id: 'e', type: 'end', data: {} })).toEqual([]);
  });
});
