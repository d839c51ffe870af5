import { createMiddleware } from 'hono/factory';
import { authenticateApiKey } from '../../features/api-keys/authenticate-api-key.js';
import { isApiKeyToken } from '../../features/api-keys/api-key-secret.js';
import { verifySessionToken, type TTokenConfig } from '../../features/auth/tokens.js';
import type { Db } from '../../infra/db.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv, TAuth } from '../env.js';
import { readCredential, requireWebClient } from './session-cookie.js';

function unauthenticated(reason: string): AppError {
  return new AppError('unauthenticated', `Authentication required: ${reason}.`);
}

/**
 * Requires a session and sets `c.var.auth`: `Authorization: Bearer <token>` first, else the
 * `initucastt_session` cookie (the web app's), with the same checks either way. A bearer
 * `ick_...` is an API key: looked up (by its hash) on every request, so a revoked key is
 * refused at once; it acts as its creator at the key's role at most. Every
 * failure is a 401 with `WWW-Authenticate: Bearer` (RFC 6750); `error="invalid_token"`
 * when a bearer token was sent but refused. A cookie session that changes data must also
 * prove it comes from the web app (requireWebClient), or it is 403. With `db`, the account
 * is read on every request (one primary-key lookup): a removed user's token stops working
 * at once, and a role change applies at once instead of when the 24 h token expires.
 */
export function requireAuth(config: TTokenConfig, db?: Pick<Db, 'user' | 'apiKey'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const credential = readCredential(c);
    if (credential === undefined) {
      c.header('WWW-Authenticate', 'Bearer');
      throw unauthenticated('missing bearer token or session cookie');
    }
    // A refused cookie gets no `invalid_token`: that error is about a bearer token the client sent.
    const refuse = (reason: string) => {
      c.header('WWW-Authenticate', credential.source === 'bearer' ? 'Bearer error="invalid_token"' : 'Bearer');
      return unauthenticated(
        credential.source === 'bearer' ? reason : `session cookie refused (${reason}); sign in again`,
      );
    };
    if (credential.source === 'bearer' && credential.token !== undefined && isApiKeyToken(credential.token)) {
      const { token } = credential;
      const looked = c.get('apiKeySession') ?? { session: db && (await authenticateApiKey(db, token)) };
      if (!looked.session) throw refuse('API key not valid (revoked, or never issued)');
      c.set('auth', looked.session);
      return next();
    }
    const result =
      credential.token === undefined
        ? { ok: false as const, reason: 'malformed authorization header' }
        : await verifySessionToken(config, credential.token);
    if (!result.ok) throw refuse(result.reason);
    if (credential.source === 'cookie') requireWebClient(c);
    let auth: TAuth = result.session;
    if (db) {
      const user = await db.user.findUnique({
        where: { id: auth.userId },
        select: { workspaceId: true, role: true, email: true },
      });
      if (!user || user.workspaceId !== auth.workspaceId) throw refuse('account no longer exists');
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
