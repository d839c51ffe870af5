import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';
import { z } from 'zod';
import type { TChannel } from './journey/constants.js';

export type TPhoneResult = { ok: true; e164: string; channelPrefixed?: TChannel } | { ok: false; reason: string };

export interface TTwilioAddress {
  channel: TChannel;
  e164: string;
}

const WHATSAPP_PREFIX = 'whatsapp:';
// Shape only: E.164 allows at most 15 digits and no leading zero in the country code.
const E164 = /^\+[1-9]\d{1,14}$/;
const PHONE_CHARS = /^\+?[\d\s\-().\/]+$/;

const LENGTH_REASONS: Record<string, string> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong number of digits for its country',
  INVALID_COUNTRY: 'unknown country calling code',
  NOT_A_NUMBER: 'not a valid phone number',
};

function stripChannel(input: string): { rest: string; channel?: TChannel } {
  if (input.toLowerCase().startsWith(WHATSAPP_PREFIX)) {
    return { rest: input.slice(WHATSAPP_PREFIX.length).trim(), channel: 'whatsapp' };
  }
  return { rest: input };
}

function withChannel(e164: string, channel: TChannel | undefined): TPhoneResult {
  return channel === undefined ? { ok: true, e164 } : { ok: true, e164, channelPrefixed: channel };
}

/**
 * Normalizes a customer phone number to E.164. Accepts "+E164", "whatsapp:+E164",
 * spaces, dashes, dots and parentheses, and a "00" international prefix. National
 * numbers ("020 7946 0958") need defaultCountry (ISO-3166 alpha-2, e.g. "GB").
 * Uses libphonenumber's full metadata, so unassigned ranges (+1 555…) are rejected.
 */
export function normalizePhone(input: string, defaultCountry?: string): TPhoneResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: 'phone number is empty' };
  const { rest, channel } = stripChannel(input.trim());
  if (!PHONE_CHARS.test(rest)) return { ok: false, reason: 'contains characters that are not part of a phone number' };
  const text = rest.startsWith('00') ? `+${rest.slice(2)}` : rest;
  let country: CountryCode | undefined;
  if (!text.startsWith('+')) {
    if (defaultCountry === undefined) {
      return { ok: false, reason: 'national number without a country: add the +country code' };
    }
    country = countryOf(defaultCountry);
    if (country === undefined) return { ok: false, reason: `unknown country "${defaultCountry}"` };
  }
  const lengthProblem = validatePhoneNumberLength(text, country);
  if (lengthProblem !== undefined) {
    return { ok: false, reason: LENGTH_REASONS[lengthProblem] ?? 'not a valid phone number' };
  }
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
  if (parsed === undefined || !parsed.isValid()) return { ok: false, reason: 'not a valid phone number' };
  return withChannel(parsed.number, channel);
}

/**
 * The one E.164 rule: `value` is a phone number exactly as normalizePhone stores it (`+`,
 * country code and number, digits only) and libphonenumber's full metadata says it can
 * exist. Filters, sender numbers and send jobs all use it, so a number one of them accepts
 * is a number a launch would have stored.
 */
export function isE164(value: string): boolean {
  if (!E164.test(value)) return false;
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.isValid() && parsed.number === value;
}

/** A phone number in E.164 form that passes isE164, for request schemas and job schemas alike. */
export const ZE164 = z
  .string()
  .refine(isE164, 'must be a valid phone number in E.164 form, such as +14155552671')
  .meta({ description: 'A phone number in E.164 form.', example: '+14155552671' });

/** A WhatsApp address as Twilio takes it, `whatsapp:` and a number that passes isE164: a sender's, for one. */
export const ZWhatsAppAddress = z
  .string()
  .refine(
    (value) => value.startsWith(WHATSAPP_PREFIX) && isE164(value.slice(WHATSAPP_PREFIX.length)),
    'a WhatsApp address, e.g. "whatsapp:+14155550100"',
  );

function countryOf(code: string): CountryCode | undefined {
  const upper = code.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/**
 * The Twilio To/From address for a number on a channel: "whatsapp:+…" or "+…".
 * @throws TypeError when e164 is not E.164, since Twilio would reject it anyway.
 */
export function toTwilioAddress(e164: string, channel: TChannel): string {
  if (!E164.test(e164)) throw new TypeError(`not an E.164 phone number: "${e164}"`);
  return channel === 'whatsapp' ? `${WHATSAPP_PREFIX}${e164}` : e164;
}

/**
 * Reads an inbound Twilio `From` ("whatsapp:+…" or "+…"), or undefined for anything else.
 * Only the E.164 shape is checked, not numbering metadata: a real customer on a newly
 * assigned range must still reach their journey.
 */
export function parseTwilioAddress(from: string): TTwilioAddress | undefined {
  const trimmed = from.trim();
  const isWhatsapp = trimmed.toLowerCase().startsWith(WHATSAPP_PREFIX);
  const e164 = isWhatsapp ? trimmed.slice(WHATSAPP_PREFIX.length) : trimmed;
  if (!E164.test(e164)) return undefined;
  return { channel: isWhatsapp ? 'whatsapp' : 'sms', e164 };
}
