import { describe, expect, it } from 'vitest';
import { ZSendPolicy, ZSendPolicyLayer, mergeSendPolicies } from './send-policy.js';

const workspace = {
  sendWindow: { start: '09:00', end: '20:00' },
  timeZone: 'Europe/Berlin',
  frequencyCap: { max: 3, windowHours: 24 },
  overCap: 'skip' as const,
};

describe('ZSendPolicy', () => {
  it('an empty policy means no restriction, waiting over the cap', () => {
    expect(ZSendPolicy.parse({})).toEqual({ overCap: 'wait' });
  });

  it('reports bad nested fields with their path', () => {
    const result = ZSendPolicy.safeParse({ sendWindow: { start: '9:00', end: '17:00' }, timeZone: 'Bad/Zone' });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['sendWindow.start', 'timeZone']);
  });
});

describe('mergeSendPolicies', () => {
  it('later layers override earlier ones field by field', () => {
    const journey = { timeZone: 'America/New_York' };
    const node = { sendWindow: { start: '10:00', end: '12:00' } };
    expect(mergeSendPolicies(workspace, journey, node)).toEqual({
      sendWindow: { start: '10:00', end: '12:00' },
      timeZone: 'America/New_York',
      frequencyCap: { max: 3, windowHours: 24 },
      overCap: 'skip',
    });
  });

  it('replaces a window whole rather than merging its start and end', () => {
    const node = { sendWindow: { start: '21:00', end: '06:00' } };
    expect(
      mergeSendPolicies({ sendWindow: { start: '09:00', end: '17:00', days: ['mon' as const] } }, node).sendWindow,
    ).toEqual({ start: '21:00', end: '06:00' });
  });

  it('a layer that leaves overCap out keeps the less specific setting', () => {
    // Parsing a layer with ZSendPolicy would fill in "wait" and override "skip": layers use ZSendPolicyLayer.
    const journey = ZSendPolicyLayer.parse({ frequencyCap: { max: 1 } });
    expect(mergeSendPolicies(workspace, journey)).toMatchObject({
      overCap: 'skip',
      frequencyCap: { max: 1, windowHours: 24 },
    });
    expect(mergeSendPolicies(workspace, { overCap: 'wait' }).overCap).toBe('wait');
  });

  it('skips missing layers and undefined fields', () => {
    expect(mergeSendPolicies(undefined, workspace, null, { timeZone: undefined })).toEqual(workspace);
    expect(mergeSendPolicies()).toEqual({ overCap: 'wait' });
  });

  it('fills in defaults of the merged result', () => {
    expect(mergeSendPolicies({ frequencyCap: { max: 2 } })).toEqual({
      frequencyCap: { max: 2, windowHours: 24 },
      overCap: 'wait',
    });
  });
});
