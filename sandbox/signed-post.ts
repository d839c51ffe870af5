import { randomUUID } from 'node:crypto';
import { signTwilioRequest } from '../infra/twilio.js';

export type FetchLike = typeof fetch;

export interface SignedPostOptions {
  fetch: FetchLike;
  authToken: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Same token on every retry of one event, like Twilio's `I-Twilio-Idempotency-Token`. */
  idempotencyToken?: string;
}

/**
 * POSTs form params to `url` the way Twilio calls webhooks: form-encoded body and an
 * `X-Twilio-Signature` HMAC over the exact URL plus the sorted params. Resolves with the
 * HTTP status (body drained); rejects when the target cannot be reached or times out.
 */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  options: SignedPostOptions,
): Promise<number> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const response = await options.fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': signTwilioRequest(options.authToken, url, params),
      'i-twilio-idempotency-token': options.idempotencyToken ?? randomUUID(),
      'user-agent': 'TwilioProxy/1.1',
      accept: '*/*',
    },
    body: new URLSearchParams(params).toString(),
    signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}
