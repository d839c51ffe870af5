import { BACK_PRESSURE_CODES } from '../core/senders/back-pressure.js';
import { isTwilioRestException } from '../infra/twilio.js';

/**
 * Twilio error codes that no retry can fix, with what each means. The one list both
 * journeys and campaigns use; classifyTwilioError decides everything else.
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
  21655: 'The ContentSid is invalid',
  21656: 'The ContentVariables are invalid',
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

/** Node network error codes raised before a request could have reached Twilio. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);

/**
 * - `permanent`: Twilio refused the message for good; retrying cannot help.
 * - `retry`: Twilio provably did not take the message (429, connection refused, DNS): send again.
 * - `ambiguous`: the request may have reached Twilio (timeout, connection reset, 5xx):
 *   Twilio takes no idempotency key, so look the message up before sending it again.
 * - `back_pressure`: Twilio did not take the message because the sender's queue is full
 *   (21611) or the account has too many requests in flight (20429, HTTP 429): send it again
 *   later at a lowered rate; not a failure, nor one of the send's attempts.
 */
export type TFailureKind = 'permanent' | 'retry' | 'ambiguous' | 'back_pressure';

export interface TwilioFailure {
  kind: TFailureKind;
  code?: number;
  status?: number;
  message: string;
}

/** Decides, in one place, whether and how a failed Twilio call may be retried. */
export function classifyTwilioError(error: unknown): TwilioFailure {
  if (isTwilioRestException(error)) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    const known = code === undefined ? undefined : PERMANENT_TWILIO_ERRORS[code];
    const message = known ?? error.message;
    if (known !== undefined) return { kind: 'permanent', code, status: error.status, message };
    if ((code !== undefined && BACK_PRESSURE_CODES.has(code)) || error.status === 429)
      return { kind: 'back_pressure', code, status: error.status, message };
    // 408: Twilio gave up reading the request.
    if (error.status === 408) return { kind: 'retry', code, status: error.status, message };
    if (error.status >= 500) return { kind: 'ambiguous', code, status: error.status, message };
    return { kind: 'permanent', code, status: error.status, message };
  }
  const networkCode = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof networkCode === 'string' && NEVER_SENT_CODES.has(networkCode))
    return { kind: 'retry', message: `${networkCode}: ${message}` };
  return { kind: 'ambiguous', message: typeof networkCode === 'string' ? `${networkCode}: ${message}` : message };
}
