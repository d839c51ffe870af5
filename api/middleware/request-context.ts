import { createMiddleware } from 'hono/factory';
import type { Logger } from '../../infra/logger.js';
import type { AppEnv, TAuth } from '../env.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane), a child logger
 * carrying it, and one access-log line with route pattern, status, duration and user id.
 */
export function requestContext(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const child = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', child);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const level = c.res.status >= 500 ? 'error' : 'info';
    // Ids and the route pattern only: never the raw path's query, headers or body (secrets, personal data).
    const userId = (c.get('auth') as TAuth | undefined)?.userId;
    child[level](
      { method: c.req.method, route: c.req.routePath, status: c.res.status, ms, ...(userId ? { userId } : {}) },
      'request',
    );
  });
}
