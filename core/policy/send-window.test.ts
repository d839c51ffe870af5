import { describe, expect, it } from 'vitest';
import { ZSendWindow } from './schemas.js';
import { nextSendTime, type TSendWindow } from './send-window.js';

const H = 3_600_000;
/** Epoch ms of a local wall time at a known UTC offset in hours: utc(…) minus the offset. */
const at = (y: number, mo: number, d: number, h: number, mi: number, offsetHours: number): number =>
  Date.UTC(y, mo - 1, d, h, mi) - offsetHours * H;

const nineToFive: TSendWindow = { start: '09:00', end: '17:00' };

describe('nextSendTime in UTC', () => {
  // 2026-01-05 is a Monday.
  it.each([
    ['start is inclusive', at(2026, 1, 5, 9, 0, 0), at(2026, 1, 5, 9, 0, 0)],
    ['inside', at(2026, 1, 5, 12, 34, 0), at(2026, 1, 5, 12, 34, 0)],
    ['last millisecond', at(2026, 1, 5, 17, 0, 0) - 1, at(2026, 1, 5, 17, 0, 0) - 1],
    ['end is exclusive', at(2026, 1, 5, 17, 0, 0), at(2026, 1, 6, 9, 0, 0)],
    ['just before opening', at(2026, 1, 5, 9, 0, 0) - 1, at(2026, 1, 5, 9, 0, 0)],
    ['after midnight', at(2026, 1, 5, 0, 0, 0), at(2026, 1, 5, 9, 0, 0)],
    ['over a month end', at(2026, 1, 31, 18, 0, 0), at(2026, 2, 1, 9, 0, 0)],
  ])('%s', (_name, sendAt, expected) => {
    expect(nextSendTime(sendAt, nineToFive, 'UTC')).toBe(expected);
  });

  it('keeps sub-minute precision inside the window', () => {
    const sendAt = at(2026, 1, 5, 10, 0, 0) + 12_345;
    expect(nextSendTime(sendAt, nineToFive, 'UTC')).toBe(sendAt);
  });
});

describe('nextSendTime with a window crossing midnight', () => {
  const night: TSendWindow = { start: '21:00', end: '06:00' };
  it.each([
    ['evening, inside', at(2026, 1, 5, 22, 0, 0), at(2026, 1, 5, 22, 0, 0)],
    ['after midnight, inside', at(2026, 1, 6, 3, 0, 0), at(2026, 1, 6, 3, 0, 0)],
    ['last millisecond', at(2026, 1, 6, 6, 0, 0) - 1, at(2026, 1, 6, 6, 0, 0) - 1],
    ['end is exclusive', at(2026, 1, 6, 6, 0, 0), at(2026, 1, 6, 21, 0, 0)],
    ['daytime waits for the evening', at(2026, 1, 6, 12, 0, 0), at(2026, 1, 6, 21, 0, 0)],
    ['start is inclusive', at(2026, 1, 6, 21, 0, 0), at(2026, 1, 6, 21, 0, 0)],
  ])('%s', (_name, sendAt, expected) => {
    expect(nextSendTime(sendAt, night, 'UTC')).toBe(expected);
  });

  it('an end of 00:00 runs to midnight', () => {
    const toMidnight: TSendWindow = { start: '21:00', end: '00:00' };
    expect(nextSendTime(at(2026, 1, 5, 23, 59, 0), toMidnight, 'UTC')).toBe(at(2026, 1, 5, 23, 59, 0));
    expect(nextSendTime(at(2026, 1, 6, 0, 0, 0), toMidnight, 'UTC')).toBe(at(2026, 1, 6, 21, 0, 0));
  });
});

describe('nextSendTime with days of the week', () => {
  const monWed: TSendWindow = { ...nineToFive, days: ['mon', 'wed'] };
  it.each([
    ['open on Monday', at(2026, 1, 5, 10, 0, 0), at(2026, 1, 5, 10, 0, 0)],
    ['Tuesday waits for Wednesday', at(2026, 1, 6, 10, 0, 0), at(2026, 1, 7, 9, 0, 0)],
    ['Wednesday evening waits for Monday', at(2026, 1, 7, 18, 0, 0), at(2026, 1, 12, 9, 0, 0)],
    ['Saturday waits for Monday', at(2026, 1, 10, 10, 0, 0), at(2026, 1, 12, 9, 0, 0)],
  ])('%s', (_name, sendAt, expected) => {
    expect(nextSendTime(sendAt, monWed, 'UTC')).toBe(expected);
  });

  it('a single weekday after its window closes waits a full week', () => {
    const mondays: TSendWindow = { ...nineToFive, days: ['mon'] };
    expect(nextSendTime(at(2026, 1, 5, 17, 0, 0), mondays, 'UTC')).toBe(at(2026, 1, 12, 9, 0, 0));
  });

  it('a window crossing midnight belongs to the day it opens', () => {
    const fridayNight: TSendWindow = { start: '21:00', end: '06:00', days: ['fri'] };
    // 2026-01-09 is a Friday: Saturday 03:00 is still Friday's window.
    expect(nextSendTime(at(2026, 1, 10, 3, 0, 0), fridayNight, 'UTC')).toBe(at(2026, 1, 10, 3, 0, 0));
    // Friday 05:00 belongs to Thursday's window, which does not open.
    expect(nextSendTime(at(2026, 1, 9, 5, 0, 0), fridayNight, 'UTC')).toBe(at(2026, 1, 9, 21, 0, 0));
    expect(nextSendTime(at(2026, 1, 10, 21, 0, 0), fridayNight, 'UTC')).toBe(at(2026, 1, 16, 21, 0, 0));
  });
});

describe('nextSendTime in zones with fractional offsets', () => {
  it('Asia/Kolkata (+05:30)', () => {
    const zone = 'Asia/Kolkata';
    expect(nextSendTime(at(2026, 1, 5, 8, 59, 5.5), nineToFive, zone)).toBe(at(2026, 1, 5, 9, 0, 5.5));
    expect(Date.UTC(2026, 0, 5, 3, 30)).toBe(at(2026, 1, 5, 9, 0, 5.5));
    expect(nextSendTime(at(2026, 1, 5, 16, 59, 5.5), nineToFive, zone)).toBe(at(2026, 1, 5, 16, 59, 5.5));
    expect(nextSendTime(at(2026, 1, 5, 17, 0, 5.5), nineToFive, zone)).toBe(at(2026, 1, 6, 9, 0, 5.5));
  });

  it('Asia/Kolkata weekdays follow the local date, not the UTC one', () => {
    const mondays: TSendWindow = { ...nineToFive, days: ['mon'] };
    // Sunday 20:00 UTC is Monday 01:30 in Kolkata.
    expect(nextSendTime(Date.UTC(2026, 0, 4, 20, 0), mondays, 'Asia/Kolkata')).toBe(Date.UTC(2026, 0, 5, 3, 30));
    // Monday 20:00 UTC is already Tuesday in Kolkata: wait for next Monday.
    expect(nextSendTime(Date.UTC(2026, 0, 5, 20, 0), mondays, 'Asia/Kolkata')).toBe(Date.UTC(2026, 0, 12, 3, 30));
  });

  // Lord Howe Island: +10:30 standard, +11:00 summer; the clocks move 30 minutes at 02:00.
  const lordHowe = 'Australia/Lord_Howe';
  it('Australia/Lord_Howe spring-forward (2026-10-04): 21:00 to 09:00 is 11.5 h', () => {
    const sendAt = at(2026, 10, 3, 21, 0, 10.5);
    const opens = nextSendTime(sendAt, { start: '09:00', end: '20:00' }, lordHowe);
    expect(opens).toBe(at(2026, 10, 4, 9, 0, 11));
    expect(opens - sendAt).toBe(11.5 * H);
  });

  it('Australia/Lord_Howe fall-back (2026-04-05): 21:00 to 09:00 is 12.5 h', () => {
    const sendAt = at(2026, 4, 4, 21, 0, 11);
    const opens = nextSendTime(sendAt, { start: '09:00', end: '20:00' }, lordHowe);
    expect(opens).toBe(at(2026, 4, 5, 9, 0, 10.5));
    expect(opens - sendAt).toBe(12.5 * H);
  });

  it('Australia/Lord_Howe: an opening in the 30-minute gap opens at 02:30', () => {
    const opens = nextSendTime(at(2026, 10, 4, 0, 30, 10.5), { start: '02:10', end: '05:00' }, lordHowe);
    expect(opens).toBe(at(2026, 10, 4, 2, 30, 11));
    expect(opens).toBe(at(2026, 10, 4, 2, 0, 10.5)); // the gap's start and end are one instant
  });

  it('Australia/Lord_Howe: a repeated opening opens at its first occurrence and stays open', () => {
    const window: TSendWindow = { start: '01:45', end: '03:00' };
    expect(nextSendTime(at(2026, 4, 5, 0, 0, 11), window, lordHowe)).toBe(at(2026, 4, 5, 1, 45, 11));
    // 01:40 the second time round (+10:30) is after the first 01:45, so inside.
    const secondPass = at(2026, 4, 5, 1, 40, 10.5);
    expect(nextSendTime(secondPass, window, lordHowe)).toBe(secondPass);
  });
});

describe('nextSendTime across America/New_York daylight-saving changes', () => {
  const zone = 'America/New_York'; // EST -5, EDT -4
  const dayWindow: TSendWindow = { start: '09:00', end: '20:00' };

  it('spring-forward (2026-03-08): 21:00 the evening before waits 11 h of UTC time', () => {
    const sendAt = at(2026, 3, 7, 21, 0, -5);
    expect(sendAt).toBe(Date.UTC(2026, 2, 8, 2, 0));
    const opens = nextSendTime(sendAt, dayWindow, zone);
    expect(opens).toBe(Date.UTC(2026, 2, 8, 13, 0));
    expect(opens - sendAt).toBe(11 * H);
  });

  it('fall-back (2026-11-01): 21:00 the evening before waits 13 h of UTC time', () => {
    const sendAt = at(2026, 10, 31, 21, 0, -4);
    expect(sendAt).toBe(Date.UTC(2026, 10, 1, 1, 0));
    const opens = nextSendTime(sendAt, dayWindow, zone);
    expect(opens).toBe(Date.UTC(2026, 10, 1, 14, 0));
    expect(opens - sendAt).toBe(13 * H);
  });

  it('an ordinary night waits 12 h', () => {
    const sendAt = at(2026, 6, 1, 21, 0, -4);
    expect(nextSendTime(sendAt, dayWindow, zone) - sendAt).toBe(12 * H);
  });

  it('an opening in the spring-forward gap (02:30) opens at 03:00 EDT', () => {
    const window: TSendWindow = { start: '02:30', end: '05:00' };
    expect(nextSendTime(at(2026, 3, 8, 0, 0, -5), window, zone)).toBe(Date.UTC(2026, 2, 8, 7, 0));
    expect(nextSendTime(at(2026, 3, 8, 3, 10, -4), window, zone)).toBe(at(2026, 3, 8, 3, 10, -4));
    // The next day 02:30 exists again.
    expect(nextSendTime(at(2026, 3, 8, 5, 0, -4), window, zone)).toBe(at(2026, 3, 9, 2, 30, -4));
  });

  it('an opening repeated by fall-back (01:30) opens at the first, EDT, occurrence', () => {
    const window: TSendWindow = { start: '01:30', end: '04:00' };
    expect(nextSendTime(at(2026, 11, 1, 0, 0, -4), window, zone)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    const secondPass = at(2026, 11, 1, 1, 10, -5);
    expect(nextSendTime(secondPass, window, zone)).toBe(secondPass);
  });

  it('a window ending in the gap closes when the gap starts', () => {
    const night: TSendWindow = { start: '22:00', end: '02:30' };
    const closes = Date.UTC(2026, 2, 8, 7, 0); // 02:00 EST = 03:00 EDT
    expect(nextSendTime(closes - 1, night, zone)).toBe(closes - 1);
    expect(nextSendTime(closes, night, zone)).toBe(at(2026, 3, 8, 22, 0, -4));
  });

  it('a window wholly inside the gap does not open that day', () => {
    const window: TSendWindow = { start: '02:10', end: '02:50' };
    expect(nextSendTime(at(2026, 3, 8, 0, 0, -5), window, zone)).toBe(at(2026, 3, 9, 2, 10, -4));
  });
});

describe('nextSendTime across the Europe/Berlin change (2026-03-29)', () => {
  const zone = 'Europe/Berlin'; // CET +1, CEST +2

  it('21:00 the evening before waits 11 h for 09:00 CEST', () => {
    const sendAt = at(2026, 3, 28, 21, 0, 1);
    const opens = nextSendTime(sendAt, { start: '09:00', end: '20:00' }, zone);
    expect(opens).toBe(Date.UTC(2026, 2, 29, 7, 0));
    expect(opens - sendAt).toBe(11 * H);
  });

  it('an opening at 02:30 opens at 03:00 CEST', () => {
    expect(nextSendTime(at(2026, 3, 29, 0, 0, 1), { start: '02:30', end: '06:00' }, zone)).toBe(
      Date.UTC(2026, 2, 29, 1, 0),
    );
  });

  it('an opening at 02:30 on 2026-10-25 opens at the first, CEST, occurrence', () => {
    expect(nextSendTime(at(2026, 10, 25, 0, 0, 2), { start: '02:30', end: '06:00' }, zone)).toBe(
      Date.UTC(2026, 9, 25, 0, 30),
    );
  });
});

describe('nextSendTime does not depend on the host time zone', () => {
  // Workers replay workflows on hosts in any zone; the answer must be the same on all.
  it.each(['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'])('host %s', (host) => {
    const saved = process.env.TZ;
    process.env.TZ = host;
    try {
      expect(nextSendTime(at(2026, 10, 25, 0, 0, 2), { start: '02:30', end: '06:00' }, 'Europe/Berlin')).toBe(
        Date.UTC(2026, 9, 25, 0, 30),
      );
      expect(nextSendTime(at(2026, 3, 8, 0, 0, -5), { start: '02:30', end: '05:00' }, 'America/New_York')).toBe(
        Date.UTC(2026, 2, 8, 7, 0),
      );
      expect(nextSendTime(at(2026, 4, 5, 0, 0, 11), { start: '01:45', end: '03:00' }, 'Australia/Lord_Howe')).toBe(
        at(2026, 4, 5, 1, 45, 11),
      );
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('nextSendTime input checks', () => {
  it('rejects an unknown time zone, naming it', () => {
    expect(() => nextSendTime(0, nineToFive, 'Mars/Olympus_Mons')).toThrow(/"Mars\/Olympus_Mons"/);
  });

  it('rejects a non-finite time', () => {
    expect(() => nextSendTime(Number.NaN, nineToFive, 'UTC')).toThrow(RangeError);
  });
});

describe('ZSendWindow', () => {
  const messages = (input: unknown): string[] => {
    const result = ZSendWindow.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it.each([
    { start: '09:00', end: '17:00' },
    { start: '00:00', end: '23:59' },
    { start: '21:00', end: '06:00' },
    { start: '21:00', end: '00:00', days: ['fri', 'sat'] },
  ])('accepts %j', (window) => {
    expect(ZSendWindow.parse(window)).toEqual(window);
  });

  it.each([
    ['25:00', /"25:00" is out of range/],
    ['24:00', /"24:00" is out of range/],
    ['12:60', /"12:60" is out of range/],
    ['9:00', /"9:00" is not a time: use 24-hour HH:mm with two digits/],
    ['09:00:00', /not a time/],
    ['9am', /not a time/],
    ['', /not a time/],
  ])('rejects start %j', (start, message) => {
    expect(messages({ start, end: '17:00' })).toEqual([expect.stringMatching(message)]);
  });

  it('rejects an empty window, on end', () => {
    const result = ZSendWindow.safeParse({ start: '09:00', end: '09:00' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['end'], message: expect.stringMatching(/^empty window: .*"09:00"/) }),
    ]);
  });

  it('rejects an empty or unknown list of days', () => {
    expect(messages({ ...nineToFive, days: [] })).toEqual([expect.stringMatching(/at least one weekday/)]);
    expect(messages({ ...nineToFive, days: ['monday'] })).toHaveLength(1);
  });
});
