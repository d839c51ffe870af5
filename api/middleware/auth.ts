import { createMiddleware } from 'hono/factory';
import { verifySessionToken, type TTokenConfig } from '../../server/auth/tokens.js';
import type { Db } from '../../server/db.js';
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
 * was sent but refused. With `db`, the account is read on every request (one primary-key
 * lookup): a removed user's token stops working at once, and a role change applies at once
 * instead of when the 24 h token expires.
 */
export function requireAuth(config: TTokenConfig, db?: Pick<Db, 'user'>) {
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
    let auth: TAuth = result.session;
    if (db) {
      const user = await db.user.findUnique({ where: { id: auth.userId }, select: { workspaceId: true, role: true, email: true } });
      if (!user || user.workspaceId !== auth.workspaceId) {
        c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw unauthenticated('account no longer exists');
      }
      auth = { ...auth, role: user.role, email: user.email };
    }
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
