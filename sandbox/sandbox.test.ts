import { describe, expect, it } from 'vitest';
import { isOwnCallback, validateCreate } from './create-message.js';
import { parseListQuery } from './list-query.js';
import { rfc2822 } from './message-resource.js';
import { repairPlus } from './phone.js';
import { createMessageSid } from './sids.js';
import { TwilioApiError } from './twilio-errors.js';

const codeOf = (form: Record<string, unknown>) => {
  const result = validateCreate(form, { callbackBase: 'http://127.0.0.1:3000' });
  return result instanceof TwilioApiError ? result.code : 'ok';
};

describe('validateCreate', () => {
  it('reports Twilio error codes in Twilio’s order', () => {
    expect(codeOf({})).toBe(21604);
    expect(codeOf({ To: 'nope' })).toBe(21602);
    expect(codeOf({ To: 'nope', Body: 'x' })).toBe(21211);
    expect(codeOf({ To: '+1234567', Body: 'x', From: '+15005550006' })).toBe(21211);
    expect(codeOf({ To: '+15551234567', Body: 'x' })).toBe(21603);
    expect(codeOf({ To: 'whatsapp:+15551234567', Body: 'x', From: '+15005550006' })).toBe(63007);
    expect(codeOf({ To: '+15551234567', Body: 'x', From: 'whatsapp:+15005550006' })).toBe(63007);
    expect(codeOf({ To: '+15551234567', Body: 'x'.repeat(1601), From: '+15005550006' })).toBe(21617);
    expect(codeOf({ To: '+15551234567', ContentSid: 'HXnope', From: '+15005550006' })).toBe(21655);
    expect(
      codeOf({ To: '+15551234567', ContentSid: `HX${'a'.repeat(32)}`, ContentVariables: '[1]', From: '+15005550006' }),
    ).toBe(21656);
    expect(codeOf({ To: '+15551234567', Body: 'x', From: '+15005550006', StatusCallback: 'ftp://x' })).toBe(21609);
    expect(codeOf({ To: ['+15551234567', '+15551234568'], Body: 'x', From: '+15005550006' })).toBe(21211);
  });

  it('calls back only this app: a StatusCallback elsewhere is 21609 (no requests to other hosts)', () => {
    const send = { To: '+15551234567', Body: 'x', From: '+15005550006' };
    expect(codeOf({ ...send, StatusCallback: 'http://127.0.0.1:3000/api/inbound/status?key=a' })).toBe('ok');
    expect(codeOf({ ...send, StatusCallback: 'http://169.254.169.254/latest/meta-data' })).toBe(21609);
    expect(codeOf({ ...send, StatusCallback: 'http://127.0.0.1:6379/' })).toBe(21609);
    expect(codeOf({ ...send, StatusCallback: 'http://127.0.0.1:3000@evil.example/' })).toBe(21609);
  });

  it('takes a base URL with a path as the prefix a callback must sit under', () => {
    const base = 'https://app.example.com/initucastt';
    expect(isOwnCallback('https://app.example.com/initucastt/api/inbound/status', base)).toBe(true);
    expect(isOwnCallback('https://app.example.com/initucastt-other/x', base)).toBe(false);
    expect(isOwnCallback('https://app.example.com.evil.example/initucastt/x', base)).toBe(false);
    expect(isOwnCallback('http://app.example.com/initucastt/x', base)).toBe(false);
  });

  it('accepts SMS, WhatsApp, sender ids, media-only and messaging-service sends', () => {
    expect(codeOf({ To: '+15551234567', Body: 'x'.repeat(1600), From: '+15005550006' })).toBe('ok');
    expect(
      codeOf({
        To: 'whatsapp:+15551234567',
        ContentSid: `HX${'a'.repeat(32)}`,
        ContentVariables: '{"1":"Ada"}',
        From: 'whatsapp:+14155238886',
      }),
    ).toBe('ok');
    expect(codeOf({ To: '+15551234567', Body: 'x', From: 'InituCastt' })).toBe('ok');
    expect(
      codeOf({
        To: '+15551234567',
        MediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'],
        From: '+15005550006',
      }),
    ).toBe('ok');
    expect(codeOf({ To: '+15551234567', Body: 'x', MessagingServiceSid: `MG${'1'.repeat(32)}` })).toBe('ok');
  });
});

describe('message resource helpers', () => {
  it('formats dates like Twilio', () => {
    expect(rfc2822(new Date('2023-08-04T05:01:45.123Z'))).toBe('Fri, 04 Aug 2023 05:01:45 +0000');
  });
});

describe('parseListQuery', () => {
  const parse = (query: string) => {
    const result = parseListQuery(new URLSearchParams(query));
    if (result instanceof TwilioApiError) throw result;
    return result;
  };

  it('turns Twilio date filters into a [gte, lt) window', () => {
    expect(parse('DateSent=2024-03-02').filter.dateSent).toEqual({
      gte: new Date('2024-03-02T00:00:00Z'),
      lt: new Date('2024-03-03T00:00:00Z'),
    });
    expect(parse('DateSent%3E=2024-03-02T10:00:00Z&DateSent%3C=2024-03-02T11:00:00Z').filter.dateSent).toEqual({
      gte: new Date('2024-03-02T10:00:00Z'),
      lt: new Date('2024-03-02T11:00:01Z'),
    });
    // Unencoded `DateSent>=…` splits at the first `=` into the key `DateSent>`.
    expect(parse('DateSent>=2024-03-02').filter.dateSent).toEqual({ gte: new Date('2024-03-02T00:00:00Z') });
    expect(parse('').filter.dateSent).toBeUndefined();
  });

  it('pages with defaults, a cap and PageToken', () => {
    expect(parse('')).toMatchObject({ page: 0, pageSize: 50 });
    expect(parse('PageSize=5000').pageSize).toBe(1000);
    expect(parse(`Page=2&PageToken=PASM${'a'.repeat(32)}`)).toMatchObject({ page: 2, afterSid: `SM${'a'.repeat(32)}` });
    expect(parseListQuery(new URLSearchParams('DateSent=yesterday'))).toBeInstanceOf(TwilioApiError);
    expect(parseListQuery(new URLSearchParams('PageSize=0'))).toBeInstanceOf(TwilioApiError);
  });
});

describe('sids and phones', () => {
  it('makes Twilio-shaped sids that sort in creation order', () => {
    const sids = Array.from({ length: 500 }, () => createMessageSid(1_700_000_000_000));
    for (const sid of sids) expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect([...sids].sort()).toEqual(sids);
    expect(new Set(sids).size).toBe(sids.length);
  });

  it('restores a + the query string decoded as a space', () => {
    expect(repairPlus(' 15551234567')).toBe('+15551234567');
    expect(repairPlus('whatsapp: 15551234567')).toBe('whatsapp:+15551234567');
    expect(repairPlus('+15551234567')).toBe('+15551234567');
  });
});
