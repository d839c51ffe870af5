import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error answered in Twilio's REST error shape. */
export class TwilioApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: ContentfulStatusCode = 400,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioErrorBody(error: TwilioApiError): TwilioErrorBody {
  return {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  };
}

export function twilioErrorResponse(c: Context, error: TwilioApiError): Response {
  return c.json(twilioErrorBody(error), error.status);
}

/** Twilio's wording for codes a fault rule may inject; any other code gets a generic message. */
const KNOWN_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  14107: 'Message rate limit exceeded',
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  21211: "Invalid 'To' Phone Number",
  21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21610: 'Attempt to send to unsubscribed recipient',
  21612: "The 'To' phone number is not currently reachable via SMS",
  21614: "'To' number is not a valid mobile number",
  30001: 'Queue overflow',
  30007: 'Message filtered by the carrier',
  63016:
    'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
  63018: 'Rate limit exceeded for Channel',
  63024: 'Invalid message recipient',
  63027: 'Template does not exist for a language and locale',
};

/** HTTP statuses a server-side failure may answer with. */
export type ServerErrorStatus = 500 | 502 | 503 | 504;

const SERVER_ERROR_TEXT: Record<ServerErrorStatus, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The Twilio errors the sandbox produces, with Twilio's codes and wording. */
export const TwilioErrors = {
  authenticate: () => new TwilioApiError(20003, 'Authenticate', 401),
  notFound: (path: string) => new TwilioApiError(20404, `The requested resource ${path} was not found`, 404),
  invalidParameter: (name: string) => new TwilioApiError(20001, `Invalid value for parameter ${name}`),
  internal: () => new TwilioApiError(20500, 'Internal Server Error', 500),
  /** Twilio answers every 5xx with code 20500; only the status and wording differ. */
  serverError: (status: ServerErrorStatus) => new TwilioApiError(20500, SERVER_ERROR_TEXT[status], status),
  tooManyRequests: () => new TwilioApiError(20429, 'Too Many Requests', 429),
  /** Any Twilio code, with Twilio's wording when the sandbox knows it. */
  byCode: (code: number, status: ContentfulStatusCode = 400) =>
    new TwilioApiError(code, KNOWN_ERROR_MESSAGES[code] ?? `Twilio error ${code} (injected by the sandbox)`, status),
  toRequired: () => new TwilioApiError(21604, "A 'To' phone number is required."),
  bodyRequired: () => new TwilioApiError(21602, 'Message body is required.'),
  invalidTo: (to: string) => new TwilioApiError(21211, `Invalid 'To' Phone Number: ${to}`),
  fromRequired: () => new TwilioApiError(21603, "A 'From' phone number is required."),
  invalidFrom: (from: string) =>
    new TwilioApiError(
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    ),
  channelNotFound: () => new TwilioApiError(63007, 'Twilio could not find a Channel with the specified From address'),
  bodyTooLong: () => new TwilioApiError(21617, 'The concatenated message body exceeds the 1600 character limit.'),
  invalidContentSid: () => new TwilioApiError(21655, 'The ContentSid is Invalid.'),
  invalidContentVariables: () => new TwilioApiError(21656, 'The ContentVariables Parameter is invalid.'),
  invalidStatusCallback: () => new TwilioApiError(21609, 'Invalid StatusCallback url.'),
  invalidMediaUrl: () => new TwilioApiError(21620, 'Invalid media URL(s).'),
  invalidMessagingService: () => new TwilioApiError(21701, 'The Messaging Service Sid is invalid.'),
  notMobile: (to: string) => new TwilioApiError(21614, `'To' number ${to} is not a valid mobile number`),
  unsubscribed: () => new TwilioApiError(21610, 'Attempt to send to unsubscribed recipient'),
  queueFull: () => new TwilioApiError(21611, "This 'From' number has exceeded the maximum number of queued messages"),
  sendAtMissing: () => new TwilioApiError(35111, 'SendAt timestamp is missing'),
  sendAtUnsupported: () => new TwilioApiError(35115, 'Scheduling does not support this timestamp'),
  scheduleNeedsMessagingService: () =>
    new TwilioApiError(35118, 'MessagingServiceSid is required to schedule a message'),
  scheduleTypeUnsupported: () =>
    new TwilioApiError(35126, 'The ScheduleType value provided is not supported for this channel'),
  notCancelable: () => new TwilioApiError(30409, 'This message cannot be canceled'),
} as const;
