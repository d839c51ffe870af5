import { describe, expect, it } from 'vitest';
import { isE164, normalizePhone, parseTwilioAddress, toTwilioAddress, ZE164, ZWhatsAppAddress } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+14155552671', '+14155552671'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['  +351 912 345 678  ', '+351912345678'],
  ])('normalizes %j to %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it('keeps a whatsapp: prefix as channelPrefixed', () => {
    expect(normalizePhone('whatsapp:+14155552671')).toEqual({
      ok: true,
      e164: '+14155552671',
      channelPrefixed: 'whatsapp',
    });
    expect(normalizePhone('WhatsApp: +44 20 7946 0958')).toEqual({
      ok: true,
      e164: '+442079460958',
      channelPrefixed: 'whatsapp',
    });
  });

  it('accepts national numbers only with a default country', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('(11) 98765-4321', 'br')).toEqual({ ok: true, e164: '+5511987654321' });
    expect(normalizePhone('020 7946 0958')).toEqual({ ok: false, reason: expect.stringMatching(/country/) });
  });

  it.each([
    ['', 'phone number is empty'],
    ['+1415555', 'too short'],
    ['+141555526711111', 'too long'],
    ['+999 1234567', 'unknown country calling code'],
    ['+1 555 555 5555', 'not a valid phone number'],
    ['+1 415 555 2671 ext 5', 'contains characters that are not part of a phone number'],
    ['call me', 'contains characters that are not part of a phone number'],
  ])('rejects %j: %s', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });

  it('rejects an unknown default country', () => {
    expect(normalizePhone('020 7946 0958', 'XX')).toEqual({ ok: false, reason: 'unknown country "XX"' });
  });
});

describe('Twilio addresses', () => {
  it('prefixes whatsapp and leaves sms bare', () => {
    expect(toTwilioAddress('+14155552671', 'whatsapp')).toBe('whatsapp:+14155552671');
    expect(toTwilioAddress('+14155552671', 'sms')).toBe('+14155552671');
  });

  it('refuses a non-E.164 number', () => {
    expect(() => toTwilioAddress('4155552671', 'sms')).toThrow(TypeError);
  });

  it('parses inbound From values', () => {
    expect(parseTwilioAddress('whatsapp:+14155552671')).toEqual({ channel: 'whatsapp', e164: '+14155552671' });
    expect(parseTwilioAddress('+442079460958')).toEqual({ channel: 'sms', e164: '+442079460958' });
  });

  it('returns undefined for From values that are not phone numbers', () => {
    expect(parseTwilioAddress('MyBrand')).toBeUndefined();
    expect(parseTwilioAddress('whatsapp:14155552671')).toBeUndefined();
  });

  it('round-trips', () => {
    expect(parseTwilioAddress(toTwilioAddress('+5511987654321', 'whatsapp'))).toEqual({
      channel: 'whatsapp',
      e164: '+5511987654321',
    });
  });
});

describe('isE164 and ZE164', () => {
  it.each(['+14155552671', '+442079460958', '+15005550006', '+5511987654321'])('accepts %s', (phone) => {
    expect(isE164(phone)).toBe(true);
    expect(ZE164.safeParse(phone).success).toBe(true);
  });

  it.each([
    ['no plus', '14155552671'],
    ['formatting', '+1 415 555 2671'],
    ['too short for its country', '+1415555'],
    ['an unassigned range', '+15551234567'],
    ['a leading zero', '+0441234567'],
    ['a whatsapp prefix', 'whatsapp:+14155552671'],
  ])('refuses %s', (_why, phone) => {
    expect(isE164(phone)).toBe(false);
    expect(ZE164.safeParse(phone).success).toBe(false);
  });

  it('accepts what normalizePhone stores', () => {
    const stored = normalizePhone('020 7946 0958', 'GB');
    expect(stored.ok && isE164(stored.e164)).toBe(true);
  });
});

describe('ZWhatsAppAddress', () => {
  it('accepts whatsapp: and a valid E.164 number, nothing else', () => {
    expect(ZWhatsAppAddress.safeParse('whatsapp:+14155238886').success).toBe(true);
    expect(ZWhatsAppAddress.safeParse('+14155238886').success).toBe(false);
    expect(ZWhatsAppAddress.safeParse('whatsapp:+1415').success).toBe(false);
  });
});
