import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type ResponseModule from 'twilio/lib/http/response.js';

export type TwilioClient = twilio.Twilio;
export type TwilioRestException = twilio.RestException;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /**
   * Base URL that receives every API call instead of https://api.twilio.com (and the
   * other *.twilio.com hosts), e.g. `http://127.0.0.1:3000/sandbox/twilio`. The request
   * path (`/2010-04-01/...`) is appended to it unchanged.
   */
  apiUrl?: string;
  /** Request timeout in milliseconds (twilio's default is 30 s). */
  timeout?: number;
  /** Max sockets per host for the keep-alive agents. */
  maxSockets?: number;
}

/**
 * Replaces scheme, host and port of a twilio API URL with `apiUrl`, appending the
 * original path and query to `apiUrl`'s own path.
 */
export function rewriteTwilioUrl(uri: string, apiUrl: string): string {
  const target = new URL(apiUrl);
  const original = new URL(uri);
  const basePath = target.pathname.replace(/\/+$/, '');
  return `${target.origin}${basePath}${original.pathname}${original.search}`;
}

/**
 * twilio's own RequestClient (axios, form encoding, Basic auth, response shape) with one
 * change: every request goes to `apiUrl`. RequestClient only configures a keep-alive
 * *https* agent, so a keep-alive http agent is added for plain-http targets (the sandbox).
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  readonly apiUrl: string;

  constructor(apiUrl: string, opts: RequestClient.RequestClientOptions = {}) {
    super({ keepAlive: true, ...opts });
    this.apiUrl = new URL(apiUrl).toString();
    this.axios.defaults.httpAgent = new http.Agent({
      keepAlive: this.keepAlive,
      maxSockets: opts.maxSockets ?? 20,
      maxFreeSockets: opts.maxFreeSockets ?? 5,
      timeout: this.defaultTimeout,
    });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<ResponseModule.default<TData>> {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUrl(opts.uri, this.apiUrl) });
  }
}

/** The official twilio client, optionally pointed at `apiUrl` (the built-in sandbox). */
export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const agentOptions = {
    keepAlive: true,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.maxSockets === undefined ? {} : { maxSockets: options.maxSockets }),
  };
  const httpClient = options.apiUrl
    ? new RedirectingRequestClient(options.apiUrl, agentOptions)
    : new twilio.RequestClient(agentOptions);
  // `env: {}` keeps twilio from picking TWILIO_* settings out of process.env on its own.
  return twilio(options.accountSid, options.authToken, { httpClient, env: {} });
}

const requestWatch = new AsyncLocalStorage<(leftAtMs: number) => void>();
let watchingRequests = false;

/**
 * Runs `call`, telling `onLeft` when each HTTP request made within it was written out: its
 * 'finish', once the last byte is handed to the kernel (performance.now()'s clock). The
 * rate limiter counts a send from there, since a process busy or descheduled between the
 * admission and the write sends later than admitted. Node's public hook on every client
 * request (a diagnostics channel), narrowed to this call by an AsyncLocalStorage: the
 * twilio client, axios and follow-redirects keep the call's async context down to the request.
 */
export function watchRequestsLeaving<T>(onLeft: (leftAtMs: number) => void, call: () => Promise<T>): Promise<T> {
  if (!watchingRequests) {
    watchingRequests = true;
    diagnostics.subscribe('http.client.request.start', (message) => {
      const listener = requestWatch.getStore();
      if (!listener) return;
      (message as { request: http.ClientRequest }).request.once('finish', () => listener(performance.now()));
    });
  }
  return requestWatch.run(onLeft, call);
}

/** Form parameters as Twilio signs them (repeated keys as arrays). */
export type TwilioParams = Record<string, string | string[]>;

/** The `X-Twilio-Signature` Twilio sends for a POST of `params` to `url`. */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Checks an `X-Twilio-Signature` header against the full request URL and form params. */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: TwilioParams,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** True for errors the twilio client throws on a non-2xx answer (`.code`, `.status`, `.moreInfo`). */
export function isTwilioRestException(error: unknown): error is TwilioRestException {
  return error instanceof twilio.RestException;
}
