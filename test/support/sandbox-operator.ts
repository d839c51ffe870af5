import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../../infra/config.js';
import { basicAuthorization } from '../../sandbox/index.js';

/** The Authorization header of the sandbox's operator: its account credentials (HTTP Basic). */
export const OPERATOR_AUTHORIZATION = basicAuthorization({
  accountSid: SANDBOX_ACCOUNT_SID,
  authToken: SANDBOX_AUTH_TOKEN,
});

/** A request to the sandbox's simulator or control routes as its operator. */
export function asOperator(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', OPERATOR_AUTHORIZATION);
  return fetch(url, { ...init, headers });
}
