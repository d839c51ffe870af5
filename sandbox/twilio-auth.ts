import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { TwilioErrors, type TwilioApiError } from './twilio-errors.js';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The account sid of a request whose HTTP Basic credentials are the account's own, else undefined. */
export function accountOf(c: Context, credentials: TwilioCredentials): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const ok = sameSecret(user, credentials.accountSid) && sameSecret(password, credentials.authToken);
  return ok ? user : undefined;
}

/** HTTP Basic `accountSid:authToken`, and the account in the path must be the caller's. */
export function authenticate(c: Context, credentials: TwilioCredentials): TwilioApiError | undefined {
  const account = accountOf(c, credentials);
  if (account === undefined || c.req.param('accountSid') !== account) return TwilioErrors.authenticate();
  return undefined;
}

/** The Authorization header of the account's own credentials: Twilio's API, and the sandbox's operator routes. */
export function basicAuthorization(credentials: TwilioCredentials): string {
  return `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
}
