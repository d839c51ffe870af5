import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { signTwilioRequest } from '../infra/twilio.js';

export interface SignedPostOptions {
  authToken: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Same token on every retry of one event, like Twilio's `I-Twilio-Idempotency-Token`. */
  idempotencyToken?: string;
}

// Kept-alive connections to the webhook targets (in sandbox mode, this very process).
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * POSTs form params to `url` the way Twilio calls webhooks: form-encoded body and an
 * `X-Twilio-Signature` HMAC over the exact URL plus the sorted params. Resolves with the
 * HTTP status (body drained); rejects when the target cannot be reached or times out.
 *
 * node:http rather than the global fetch: the sandbox posts two status callbacks for every
 * message, and a CPU profile of a launch had fetch's machinery (undici, web streams, abort
 * signals) as about a sixth of the API process's time.
 */
export function postSignedForm(
  url: string,
  params: Record<string, string>,
  options: SignedPostOptions,
): Promise<number> {
  const target = new URL(url);
  const body = new URLSearchParams(params).toString();
  const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new TypeError(`cannot post to ${target.protocol} URLs`));
  return new Promise<number>((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        agent: AGENTS[target.protocol as keyof typeof AGENTS],
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signTwilioRequest(options.authToken, url, params),
          'i-twilio-idempotency-token': options.idempotencyToken ?? randomUUID(),
          'user-agent': 'TwilioProxy/1.1',
          accept: '*/*',
        },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.once('close', () => clearTimeout(timer));
    request.once('error', reject);
    request.end(body);
  });
}
