import { createMiddleware } from 'hono/factory';
import { verifySessionToken, type TTokenConfig } from '../../server/auth/tokens.js';
import { AppError } from '../app-error.js';
import type { AppEnv, TAuth } from '../env.js';

// A session token is ~400 bytes; anything far longer is not ours and is not worth parsing.
const MAX_HEADER_LENGTH = 4096;
const BEARER = /^Bearer +(\S+) *$/i;

function unauthenticated(reason: string): AppError {
  return new AppError('unauthenticated', `Authentication required: ${reason}.`);
}

/**
 * Requires `Authorization: Bearer <session token>` and sets `c.var.auth`. Every failure is
 * a 401 with `WWW-Authenticate: Bearer` (RFC 6750); `error="invalid_token"` when a token
 * was sent but refused.
 */
export function requireAuth(config: TTokenConfig) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') {
      c.header('WWW-Authenticate', 'Bearer');
      throw unauthenticated('missing bearer token');
    }
    const token = header.length <= MAX_HEADER_LENGTH ? BEARER.exec(header)?.[1] : undefined;
    const result = token === undefined ? { ok: false as const, reason: 'malformed authorization header' } : await verifySessionToken(config, token);
    if (!result.ok) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw unauthenticated(result.reason);
    }
    const auth: TAuth = result.session;
    c.set('auth', auth);
    await next();
  });
}

/** Lets through only callers whose session has one of `roles`; others get 403 `forbidden`. Mount after requireAuth. */
export function requireRole(...roles: readonly [TAuth['role'], ...TAuth['role'][]]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get('auth').role)) {
      throw new AppError('forbidden', `This needs the ${roles.join(' or ')} role.`);
    }
    await next();
  });
}
