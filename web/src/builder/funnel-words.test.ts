import { describe, expect, it } from 'vitest';
import { funnelWords } from './funnel-words';

const funnel = { sent: 5, delivered: 4, failed: 0, replied: null, converted: 2, hasGoal: true };

describe('funnelWords', () => {
  it('shows what each node type can have, failures only when there are some, conversions only with a goal', () => {
    expect(funnelWords('message', funnel)).toEqual(['5 sent', '4 delivered', '2 converted']);
    expect(funnelWords('message', { ...funnel, failed: 1, hasGoal: false })).toEqual([
      '5 sent',
      '4 delivered',
      '1 failed',
    ]);
    expect(funnelWords('waitForReply', { ...funnel, sent: 0, delivered: 0, replied: 3 })).toEqual([
      '3 replied',
      '2 converted',
    ]);
    expect(funnelWords('start', { ...funnel, hasGoal: false })).toEqual([]);
  });
});
