import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '../../server/redis.js';
import { AppError } from '../app-error.js';
import type { AppEnv } from '../env.js';
import { clientAddress, type RemoteAddress } from './client-address.js';

const WINDOW_SECONDS = 15 * 60;

export interface RateLimitOptions {
  /** A fail-fast connection (no offline queue), so a Redis outage cannot stall requests. */
  redis: Redis;
  /** REDIS_PREFIX: counters live under `<prefix>:ratelimit:<scope>:<client>`. */
  prefix: string;
  apiPer15Min: number;
  loginPer15Min: number;
  /** TRUST_PROXY: reverse proxies whose X-Forwarded-For is believed (0: none). */
  trustProxy: number;
  /** The socket's address; defaults to @hono/node-server's, injectable for tests. */
  remoteAddress?: RemoteAddress;
}

type TScope = 'api' | 'login';

/**
 * Which budget a /api request spends. Twilio's webhooks are exempt: Twilio sends from many
 * addresses in bursts and proves itself by signature. Sign-in and sign-up share the small
 * budget that keeps password guessing slow; everything else spends the API budget, whether
 * or not its token is valid.
 */
function scopeOf(c: Context): TScope | undefined {
  const path = c.req.path;
  if (path === '/api/inbound' || path.startsWith('/api/inbound/')) return undefined;
  if (c.req.method === 'POST' && path.startsWith('/api/auth/')) return 'login';
  return 'api';
}

function setLimitHeaders(c: Context, limit: number, res: RateLimiterRes): void {
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(res.remainingPoints));
  c.header('RateLimit-Reset', String(Math.max(Math.ceil(res.msBeforeNext / 1000), 0)));
}

/**
 * Fixed-window limits per client in Redis, shared by every API process. Mount on /api/*
 * before authentication, so refused requests cost no token check or body parsing. Answers
 * RateLimit-Limit/-Remaining/-Reset (seconds) on every limited request and 429
 * `rate_limited` with Retry-After past the limit.
 */
export function rateLimit(options: RateLimitOptions) {
  const limits: Record<TScope, number> = { api: options.apiPer15Min, login: options.loginPer15Min };
  const limiter = (scope: TScope) =>
    new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.prefix}:ratelimit:${scope}`,
      points: limits[scope],
      duration: WINDOW_SECONDS,
      // Refuse at once while the connection is down instead of queueing behind a reconnect.
      rejectIfRedisNotReady: true,
    });
  const limiters: Record<TScope, RateLimiterRedis> = { api: limiter('api'), login: limiter('login') };
  let isFailingOpen = false;

  return createMiddleware<AppEnv>(async (c, next) => {
    const scope = scopeOf(c);
    if (!scope) return next();
    const client = clientAddress(c, options.trustProxy, options.remoteAddress);
    let res: RateLimiterRes;
    try {
      res = await limiters[scope].consume(client);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const retryAfter = Math.max(Math.ceil(error.msBeforeNext / 1000), 1);
        setLimitHeaders(c, limits[scope], error);
        c.header('Retry-After', String(retryAfter));
        throw new AppError('rate_limited', `Too many requests: try again in ${retryAfter} s.`, { scope, limit: limits[scope], windowSeconds: WINDOW_SECONDS, retryAfterSeconds: retryAfter });
      }
      // Fail open: a Redis outage must not take the whole API down with it. Requests go
      // through unlimited until Redis answers again; one warning per outage, not per request.
      if (!isFailingOpen) c.get('logger').warn({ err: error, scope }, 'rate limiter unavailable: letting requests through unlimited');
      isFailingOpen = true;
      return next();
    }
    if (isFailingOpen) c.get('logger').info({ scope }, 'rate limiter available again');
    isFailingOpen = false;
    await next();
    setLimitHeaders(c, limits[scope], res);
  });
}
