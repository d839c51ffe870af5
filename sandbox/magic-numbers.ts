import { TwilioErrors, type TwilioApiError } from './twilio-errors.js';

/**
 * Numbers with a fixed fate, after Twilio's test-credential magic numbers, so failure
 * paths can be exercised end to end. Any other valid number is delivered.
 */
export const MAGIC_NUMBERS = {
  /** Rejected at create: 21211 invalid 'To' number. */
  invalid: '+15005550001',
  /** Rejected at create: 21610 recipient unsubscribed (replied STOP). */
  unsubscribed: '+15005550004',
  /** Rejected at create: 21614 not a mobile number. */
  notMobile: '+15005550009',
  /** Accepted, sent, then `undelivered` with 30003 (unreachable handset). */
  undelivered: '+15005553003',
  /** Accepted, then `failed` with 30008 (unknown error) without being sent. */
  failed: '+15005553008',
} as const;

export function rejectionFor(to: string): TwilioApiError | undefined {
  switch (to) {
    case MAGIC_NUMBERS.invalid:
      return TwilioErrors.invalidTo(to);
    case MAGIC_NUMBERS.unsubscribed:
      return TwilioErrors.unsubscribed();
    case MAGIC_NUMBERS.notMobile:
      return TwilioErrors.notMobile(to);
    default:
      return undefined;
  }
}

export type DeliveryOutcome =
  { status: 'delivered' } | { status: 'undelivered' | 'failed'; errorCode: number; errorMessage: string };

export function defaultOutcome(to: string): DeliveryOutcome {
  switch (to) {
    case MAGIC_NUMBERS.undelivered:
      return { status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' };
    case MAGIC_NUMBERS.failed:
      return { status: 'failed', errorCode: 30008, errorMessage: 'Unknown error' };
    default:
      return { status: 'delivered' };
  }
}
