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

/** The Twilio errors the sandbox produces, with Twilio's codes and wording. */
export const TwilioErrors = {
  authenticate: () => new TwilioApiError(20003, 'Authenticate', 401),
  notFound: (path: string) => new TwilioApiError(20404, `The requested resource ${path} was not found`, 404),
  invalidParameter: (name: string) => new TwilioApiError(20001, `Invalid value for parameter ${name}`),
  internal: () => new TwilioApiError(20500, 'Internal Server Error', 500),
  toRequired: () => new TwilioApiError(21604, "A 'To' phone number is required."),
  bodyRequired: () => new TwilioApiError(21602, 'Message body is required.'),
  invalidTo: (to: string) => new TwilioApiError(21211, `Invalid 'To' Phone Number: ${to}`),
  fromRequired: () => new TwilioApiError(21603, "A 'From' phone number is required."),
  invalidFrom: (from: string) =>
    new TwilioApiError(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`),
  channelNotFound: () => new TwilioApiError(63007, 'Twilio could not find a Channel with the specified From address'),
  bodyTooLong: () => new TwilioApiError(21617, 'The concatenated message body exceeds the 1600 character limit.'),
  invalidContentSid: () => new TwilioApiError(21655, 'The ContentSid is Invalid.'),
  invalidContentVariables: () => new TwilioApiError(21656, 'The ContentVariables Parameter is invalid.'),
  invalidStatusCallback: () => new TwilioApiError(21609, 'Invalid StatusCallback url.'),
  invalidMediaUrl: () => new TwilioApiError(21620, 'Invalid media URL(s).'),
  invalidMessagingService: () => new TwilioApiError(21701, 'The Messaging Service Sid is invalid.'),
  notMobile: (to: string) => new TwilioApiError(21614, `'To' number ${to} is not a valid mobile number`),
  unsubscribed: () => new TwilioApiError(21610, 'Attempt to send to unsubscribed recipient'),
} as const;
