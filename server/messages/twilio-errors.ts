import { isTwilioRestException } from '../twilio.js';

/**
 * Twilio error codes that no retry can fix, with what each means. Everything else
 * (429, 5xx, network) is treated as transient. The one list both journeys and campaigns use.
 */
export const PERMANENT_TWILIO_ERRORS: Readonly<Record<number, string>> = {
  20003: 'Authentication failed: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  21211: "Invalid 'To' phone number",
  21212: "Invalid 'From' phone number",
  21408: 'Sending to this region is not enabled for the account',
  21602: 'Message body is required',
  21603: "'From' phone number is required",
  21604: "'To' phone number is required",
  21606: "The 'From' number is not a valid message-capable number for this account",
  21610: 'The recipient unsubscribed (replied STOP)',
  21612: "The 'To' number cannot be reached from this 'From' number",
  21614: "'To' number is not a valid mobile number",
  21617: 'Message body exceeds the 1600 character limit',
  30003: 'Unreachable destination handset',
  30004: 'Message blocked by the recipient or carrier',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered by the carrier as spam',
  63007: 'The WhatsApp sender is not configured for this channel',
  63016: 'Free-form WhatsApp message outside the 24-hour window: use an approved template',
  63024: 'Invalid WhatsApp message recipient',
  63027: 'The WhatsApp template does not exist or is not approved',
  63028: 'The number of WhatsApp template variables does not match the template',
};

export interface TwilioFailure {
  permanent: boolean;
  code?: number;
  status?: number;
  message: string;
}

/** Decides, in one place, whether a failed Twilio call may be retried. */
export function classifyTwilioError(error: unknown): TwilioFailure {
  if (isTwilioRestException(error)) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    const known = code === undefined ? undefined : PERMANENT_TWILIO_ERRORS[code];
    const permanent = known !== undefined || (error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 408);
    return { permanent, code, status: error.status, message: known ?? error.message };
  }
  return { permanent: false, message: error instanceof Error ? error.message : String(error) };
}
