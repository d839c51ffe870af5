import { describe, expect, it } from 'vitest';
import { branchName, describeEntry, repliesOf, shownHistory, type THistoryEntry } from './contact-history';

const at = '2025-01-01T10:00:00.000Z';
const name = (id: string) => `<${id}>`;

describe('describeEntry', () => {
  it('names the node of visits, sends and branches', () => {
    expect(describeEntry({ at, kind: 'visit', nodeId: 'ask' }, name).title).toBe('Reached <ask>');
    expect(describeEntry({ at, kind: 'branch', nodeId: 'reply', detail: 'yes' }, name).title).toBe(
      'Took branch “yes” at <reply>',
    );
  });

  it('says where a contact moved onto an edited version', () => {
    expect(describeEntry({ at, kind: 'migrated', nodeId: 'reply', detail: 'version 2' }, name)).toEqual({
      title: 'Moved to the edited journey at <reply>',
      detail: 'version 2',
      tone: 'info',
    });
  });

  it('gives a send its attempts, error code and reason', () => {
    expect(describeEntry({ at, kind: 'sent', nodeId: 'm', attempts: 2, messageSid: 'SM1' }, name)).toEqual({
      title: 'Message sent at <m>',
      detail: '2 attempts · SM1',
      tone: 'success',
    });
    expect(
      describeEntry(
        { at, kind: 'send_failed', nodeId: 'm', detail: 'unreachable', errorCode: 21211, attempts: 1 },
        name,
      ),
    ).toEqual({
      title: 'Send failed at <m>',
      detail: 'unreachable · error 21211 · 1 attempt',
      tone: 'error',
    });
  });

  it('quotes replies', () => {
    expect(describeEntry({ at, kind: 'reply', detail: 'YES' }, name).detail).toBe('“YES”');
  });

  it("says where a test send's wait was shortened, and to what", () => {
    const detail = 'test send: wait of 1 day shortened to 5 seconds';
    expect(describeEntry({ at, kind: 'wait_shortened', nodeId: 'pause', detail }, name)).toEqual({
      title: 'Wait shortened for the test at <pause>',
      detail,
      tone: 'info',
    });
  });
});

describe('branchName', () => {
  it('words the fixed handles', () => {
    expect([
      branchName(''),
      branchName(undefined),
      branchName('timeout'),
      branchName('noMatch'),
      branchName('else'),
      branchName('yes'),
    ]).toEqual(['next', 'next', 'no reply in time', 'no match', 'otherwise', 'yes']);
  });
});

describe('repliesOf', () => {
  it('keeps replies only, newest first', () => {
    const history: THistoryEntry[] = [
      { at, kind: 'reply', detail: 'a' },
      { at, kind: 'visit', nodeId: 'x' },
      { at, kind: 'reply', detail: 'b' },
    ];
    expect(repliesOf(history).map((entry) => entry.detail)).toEqual(['b', 'a']);
  });
});

describe('shownHistory', () => {
  const step = (nodeId: string): THistoryEntry => ({ at, kind: 'visit', nodeId });
  it('puts the older page before the latest, and pages on from the older one', () => {
    const latest = { history: [step('c'), step('d')], historyBefore: '2' };
    expect(shownHistory(latest, undefined)).toEqual({ entries: latest.history, olderBefore: '2' });
    const older = { history: [step('a'), step('b')], historyBefore: null };
    expect(shownHistory(latest, older)).toEqual({ entries: [...older.history, ...latest.history], olderBefore: null });
    // Nothing older is kept: an older page (left over from before) is not shown.
    expect(shownHistory({ ...latest, historyBefore: null }, older).entries).toEqual(latest.history);
  });
});
