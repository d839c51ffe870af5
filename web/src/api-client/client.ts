import createClient, { type Middleware } from 'openapi-fetch';
import { toApiError } from './errors';
import type { paths } from '../api-client/schema';

/**
 * The header that proves a cookie-authenticated request comes from this app: a page on
 * another site cannot add a custom header without a CORS preflight, which the API refuses.
 */
const CSRF_HEADER = ['X-Requested-With', 'initucastt-web'] as const;

/** Fired when the API says the session is gone (expired or signed out elsewhere). */
export const SESSION_EXPIRED_EVENT = 'initucastt:session-expired';

const sessionGuard: Middleware = {
  onRequest({ request }) {
    request.headers.set(...CSRF_HEADER);
    return request;
  },
  onResponse({ request, response }) {
    // A 401 from sign-in itself is a wrong password, not an expired session.
    const isSignIn = new URL(request.url).pathname.startsWith('/api/auth/');
    if (response.status === 401 && !isSignIn) window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    return response;
  },
};

/**
 * The typed API client: paths, parameters and answers are checked against
 * web/src/api-client/schema.d.ts, generated from the API's OpenAPI document. The session is an
 * HttpOnly cookie the browser sends by itself: no token is ever readable by page scripts.
 */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionGuard);

type TResult<TData> = { data?: TData; error?: unknown; response: Response };

/**
 * Awaits a typed-client call and returns its data, or throws the ApiError the API answered
 * with: `const run = await unwrap(api.GET('/api/runs/{id}', { params: { path: { id } } }))`.
 */
export async function unwrap<TData>(call: Promise<TResult<TData>>): Promise<Exclude<TData, undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as Exclude<TData, undefined>;
}
