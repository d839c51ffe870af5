import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { rfc2822 } from './message-resource.js';
import { authenticate } from './twilio-auth.js';
import { TwilioErrors, twilioErrorResponse } from './twilio-errors.js';

export interface IncomingNumbersApiDeps {
  accountSid: string;
  authToken: string;
  /** The phone numbers (E.164) on the sandbox's account, as Twilio lists a real account's. */
  numbers: readonly string[];
}

const ZListQuery = z.object({
  PhoneNumber: z.string().max(64).optional(),
  FriendlyName: z.string().max(64).optional(),
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  Page: z.coerce.number().int().min(0).default(0),
});

/** The sandbox's numbers were all bought when it started, as far as anyone asking can tell. */
const BOUGHT = new Date();

function listPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
}

/** One IncomingPhoneNumber resource in Twilio's JSON shape; its sid is stable per number. */
function toNumberResource(accountSid: string, phoneNumber: string) {
  const sid = `PN${createHash('sha256').update(`${accountSid}:${phoneNumber}`).digest('hex').slice(0, 32)}`;
  const date = rfc2822(BOUGHT);
  return {
    account_sid: accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    bundle_sid: null,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: date,
    date_updated: date,
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    emergency_status: 'Inactive',
    friendly_name: phoneNumber,
    identity_sid: null,
    origin: 'twilio',
    phone_number: phoneNumber,
    sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: null,
    status: 'in-use',
    status_callback: null,
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: null,
    subresource_uris: {
      assigned_add_ons: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}/AssignedAddOns.json`,
    },
  };
}

/**
 * Twilio's IncomingPhoneNumbers list (the account's own numbers), read-only, mounted at
 * `/twilio` beside the Messages API: the product asks it whether a number a workspace claims
 * is the account's. `PhoneNumber` matches any number containing its digits, as Twilio's does.
 */
export function createIncomingNumbersApi(deps: IncomingNumbersApiDeps): Hono {
  const api = new Hono();
  api.get('/2010-04-01/Accounts/:accountSid/IncomingPhoneNumbers.json', (c) => {
    const denied = authenticate(c, deps);
    if (denied) return twilioErrorResponse(c, denied);
    const parsed = ZListQuery.safeParse(Object.fromEntries(new URL(c.req.url).searchParams));
    if (!parsed.success)
      return twilioErrorResponse(c, TwilioErrors.invalidParameter(String(parsed.error.issues[0]?.path[0] ?? '')));
    const { PhoneNumber, FriendlyName, PageSize, Page } = parsed.data;
    const digits = PhoneNumber?.replace(/\D/g, '');
    const matching = deps.numbers.filter(
      (number) =>
        (!digits || number.replace(/\D/g, '').includes(digits)) && (!FriendlyName || number.includes(FriendlyName)),
    );
    const start = Page * PageSize;
    const page = matching.slice(start, start + PageSize);
    const query = (n: number) => {
      const params = new URLSearchParams();
      if (PhoneNumber) params.set('PhoneNumber', PhoneNumber);
      if (FriendlyName) params.set('FriendlyName', FriendlyName);
      params.set('PageSize', String(PageSize));
      params.set('Page', String(n));
      return `${listPath(deps.accountSid)}?${params.toString()}`;
    };
    return c.json({
      end: page.length > 0 ? start + page.length - 1 : start,
      first_page_uri: query(0),
      incoming_phone_numbers: page.map((number) => toNumberResource(deps.accountSid, number)),
      next_page_uri: start + PageSize < matching.length ? query(Page + 1) : null,
      page: Page,
      page_size: PageSize,
      previous_page_uri: Page > 0 ? query(Page - 1) : null,
      start,
      uri: query(Page),
    });
  });
  return api;
}
