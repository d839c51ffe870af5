import { describe, expect, it } from 'vitest';
import { ZTimeZone } from './schemas.js';
import { isTimeZone, resolveTimeZone } from './time-zone.js';

describe('ZTimeZone', () => {
  it.each([
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'US/Eastern',
    'Etc/GMT+5',
  ])('accepts %s', (zone) => {
    expect(ZTimeZone.parse(zone)).toBe(zone);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Berln', '', ' ', '+05:30', '-0400'])('rejects %j, naming it', (zone) => {
    const result = ZTimeZone.safeParse(zone);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(`"${zone}" is not a known IANA time zone`);
  });

  it('rejects non-strings', () => {
    expect(ZTimeZone.safeParse(42).success).toBe(false);
    expect(isTimeZone(undefined)).toBe(false);
  });
});

describe('resolveTimeZone', () => {
  it('takes the contact zone first', () => {
    expect(resolveTimeZone(['Asia/Kolkata', 'Europe/Berlin', 'America/New_York'])).toBe('Asia/Kolkata');
  });

  it('falls back to the journey, then the workspace, skipping unusable values', () => {
    expect(resolveTimeZone([undefined, 'Europe/Berlin', 'America/New_York'])).toBe('Europe/Berlin');
    expect(resolveTimeZone(['Nowhere/Town', '', 'America/New_York'])).toBe('America/New_York');
    expect(resolveTimeZone([null, 42, { zone: 'UTC' }, 'Australia/Lord_Howe'])).toBe('Australia/Lord_Howe');
  });

  it('is UTC when nothing is usable', () => {
    expect(resolveTimeZone([])).toBe('UTC');
    expect(resolveTimeZone([undefined, 'Bad/Zone', '+05:30'])).toBe('UTC');
  });
});
