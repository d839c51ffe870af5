import { describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../types';
import { receivedButtons, replyGroups, type TReplyOption } from './reply-options';

const option = (runId: string, branches: TReplyOption['branches']): TReplyOption => ({
  runId,
  contactId: `${runId}-c`,
  journeyName: `Journey ${runId}`,
  nodeId: 'ask',
  until: '2025-01-01T10:00:00.000Z',
  branches,
});

describe('replyGroups', () => {
  it('makes buttons of payload and equals branches only', () => {
    const [group] = replyGroups([
      option('r1', [
        { id: 'yes', match: 'payload', value: 'YES' },
        { id: 'no', match: 'equals', value: 'no thanks' },
        { id: 'maybe', match: 'contains', value: 'maybe' },
        { id: 'num', match: 'regex', value: '^\\d+$' },
        { id: 'other', match: 'any' },
      ]),
    ]);
    expect(group).toEqual({
      key: 'r1:r1-c',
      journeyName: 'Journey r1',
      until: '2025-01-01T10:00:00.000Z',
      buttons: [
        { key: 'payload:YES', label: 'YES', reply: { payload: 'YES', body: 'YES' } },
        { key: 'equals:no thanks', label: 'no thanks', reply: { body: 'no thanks' } },
      ],
      isFreeText: false,
    });
  });

  it('does not repeat a reply an earlier group offers', () => {
    const groups = replyGroups([
      option('r1', [{ id: 'a', match: 'payload', value: 'YES' }]),
      option('r2', [
        { id: 'b', match: 'payload', value: 'YES' },
        { id: 'c', match: 'equals', value: 'YES' },
      ]),
    ]);
    expect(groups.map((g) => g.buttons.map((b) => b.key))).toEqual([['payload:YES'], ['equals:YES']]);
    const [, again] = replyGroups([
      option('r1', [{ id: 'a', match: 'payload', value: 'YES' }]),
      option('r2', [{ id: 'b', match: 'payload', value: 'YES' }]),
    ]);
    expect(again).toMatchObject({ buttons: [], isFreeText: false });
  });

  it("shows and sends a received quick-reply button's title for its payload", () => {
    const buttons = receivedButtons([
      { direction: 'inbound', buttons: null } as SandboxMessage,
      { direction: 'outbound-api', buttons: [{ id: 'CANCEL_BOOKING', title: 'Cancel' }] } as SandboxMessage,
    ]);
    expect(buttons).toEqual([{ id: 'CANCEL_BOOKING', title: 'Cancel' }]);
    const [group] = replyGroups(
      [
        option('r1', [
          { id: 'c', match: 'payload', value: 'cancel_booking' },
          { id: 'k', match: 'payload', value: 'KEEP' },
        ]),
      ],
      buttons,
    );
    expect(group?.buttons).toEqual([
      { key: 'payload:cancel_booking', label: 'Cancel', reply: { payload: 'cancel_booking', body: 'Cancel' } },
      { key: 'payload:KEEP', label: 'KEEP', reply: { payload: 'KEEP', body: 'KEEP' } },
    ]);
  });

  it('says when a node only takes free text', () => {
    const [group] = replyGroups([
      option('r1', [
        { id: 'x', match: 'contains', value: 'stop' },
        { id: 'y', match: 'any' },
      ]),
    ]);
    expect(group).toMatchObject({ buttons: [], isFreeText: true });
  });

  it('is empty when nobody waits', () => {
    expect(replyGroups([])).toEqual([]);
  });
});
