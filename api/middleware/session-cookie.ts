import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_SECONDS } from '../../features/auth/tokens.js';
import type { TConfig } from '../../infra/config.js';
import { AppError } from '../../infra/app-error.js';

/** The browser session: the same JWT the login body carries, out of reach of the page's scripts. */
export const SESSION_COOKIE = 'initucastt_session';

/** What the web app sends on every request that changes data (see requireWebClient). */
export const WEB_CLIENT_HEADER = 'X-Requested-With';
export const WEB_CLIENT_VALUE = 'initucastt-web';

// A session token is ~400 bytes; anything far longer is not ours and is not worth parsing.
const MAX_CREDENTIAL_LENGTH = 4096;
const BEARER = /^Bearer +(\S+) *$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * How a request says who it is. The Authorization header wins whenever it is sent, so an
 * API client is never judged by a cookie its HTTP library happened to keep.
 */
export type TCredential =
  { source: 'bearer'; token: string | undefined } | { source: 'cookie'; token: string } | undefined;

/**
 * The request's credential: the Bearer header first (token undefined when the header is
 * malformed), else the session cookie, else none. The auth middleware and the rate
 * limiter both read it here, so they never disagree on whose request it is.
 */
export function readCredential(c: Context): TCredential {
  const header = c.req.header('authorization');
  if (header !== undefined && header.trim() !== '') {
    const token = header.length <= MAX_CREDENTIAL_LENGTH ? BEARER.exec(header)?.[1] : undefined;
    return { source: 'bearer', token };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined || cookie === '') return undefined;
  // An oversized cookie is refused like a bad token, not ignored: the browser would keep sending it.
  return { source: 'cookie', token: cookie.length <= MAX_CREDENTIAL_LENGTH ? cookie : '' };
}

/** `Secure` whenever the public URL is https: the cookie must never travel in clear. */
function isSecure(config: Pick<TConfig, 'PUBLIC_URL'>): boolean {
  return new URL(config.PUBLIC_URL).protocol === 'https:';
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, living as long as the token. */
export function setSessionCookie(c: Context, config: Pick<TConfig, 'PUBLIC_URL'>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
    secure: isSecure(config),
  });
}

/** Expires the session cookie (same attributes, or the browser would keep the original). */
export function clearSessionCookie(c: Context, config: Pick<TConfig, 'PUBLIC_URL'>): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isSecure(config) });
}

/**
 * CSRF defence for cookie sessions, behind SameSite=Strict (which already keeps the cookie
 * off cross-site requests in current browsers): a request that changes data must carry
 * `X-Requested-With: initucastt-web`. A page on another site cannot add a custom header
 * without a CORS preflight, which only CORS_ORIGINS pass, so a forged form or fetch fails
 * here. Bearer requests need no such header: a browser never attaches a token by itself.
 */
export function requireWebClient(c: Context): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  if (c.req.header(WEB_CLIENT_HEADER) === WEB_CLIENT_VALUE) return;
  throw new AppError(
    'forbidden',
    `A request signed in by the session cookie that changes data must send the header ${WEB_CLIENT_HEADER}: ${WEB_CLIENT_VALUE}. ` +
      'Another site cannot send a custom header without a CORS preflight, so without it the request may be forged (cross-site request forgery).',
  );
}
