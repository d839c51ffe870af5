import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { verifySessionToken, type TTokenConfig } from '../../features/auth/tokens.js';
import type { Redis } from '../../infra/redis.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { clientAddress, type RemoteAddress } from './client-address.js';
import { readCredential } from './session-cookie.js';

const WINDOW_SECONDS = 15 * 60;

export interface RateLimitOptions {
  /** A fail-fast connection (no offline queue), so a Redis outage cannot stall requests. */
  redis: Redis;
  /** REDIS_PREFIX: counters live under `<prefix>:ratelimit:<scope>:<client>`. */
  prefix: string;
  apiPer15Min: number;
  loginPer15Min: number;
  /** Per signed-in user, for requests the session cookie authenticates (the web app's). */
  webPer15Min: number;
  /** Verifies the session cookie, so only a real session spends the per-user budget. */
  tokenConfig: TTokenConfig;
  /** TRUST_PROXY: reverse proxies whose X-Forwarded-For is believed (0: none). */
  trustProxy: number;
  /** The socket's address; defaults to @hono/node-server's, injectable for tests. */
  remoteAddress?: RemoteAddress;
}

type TScope = 'api' | 'login' | 'web';

/** The budget a request spends and whose it is: a client address, or a user id for `web`. */
interface TBudget {
  scope: TScope;
  key: string;
}

const LOGOUT_PATH = '/api/auth/logout';
const LOGIN_PATH = '/api/auth/login';

/**
 * Which budget a /api request spends. Twilio's webhooks are exempt: Twilio sends from many
 * addresses in bursts and proves itself by signature. Sign-in and sign-up share the small
 * per-client budget that keeps password guessing slow; a successful sign-in gives its point
 * back. A request whose session cookie is
 * valid (the web app, whose dashboard polls) spends its user's larger budget: keyed by
 * user, one office behind one address does not share it, and a forged or expired cookie
 * cannot reach it. Everything else spends the per-client API budget, whether or not its
 * token is valid.
 */
async function budgetOf(c: Context, options: RateLimitOptions): Promise<TBudget | undefined> {
  const path = c.req.path;
  if (path === '/api/inbound' || path.startsWith('/api/inbound/')) return undefined;
  const client = () => clientAddress(c, options.trustProxy, options.remoteAddress);
  if (c.req.method === 'POST' && path.startsWith('/api/auth/') && path !== LOGOUT_PATH)
    return { scope: 'login', key: client() };
  const credential = readCredential(c);
  if (credential?.source === 'cookie') {
    const verified = await verifySessionToken(options.tokenConfig, credential.token);
    if (verified.ok) return { scope: 'web', key: verified.session.userId };
  }
  return { scope: 'api', key: client() };
}

function setLimitHeaders(c: Context, limit: number, res: RateLimiterRes): void {
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(res.remainingPoints));
  c.header('RateLimit-Reset', String(Math.max(Math.ceil(res.msBeforeNext / 1000), 0)));
}

/**
 * Fixed-window limits per client (per user for cookie sessions) in Redis, shared by every
 * API process. Mount on /api/* before authentication, so refused requests cost no database
 * read or body parsing (a cookie's signature is checked here: an HMAC, no I/O). Answers
 * RateLimit-Limit/-Remaining/-Reset (seconds) on every limited request and 429
 * `rate_limited` with Retry-After past the limit.
 */
export function rateLimit(options: RateLimitOptions) {
  const limits: Record<TScope, number> = {
    api: options.apiPer15Min,
    login: options.loginPer15Min,
    web: options.webPer15Min,
  };
  const limiter = (scope: TScope) =>
    new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.prefix}:ratelimit:${scope}`,
      points: limits[scope],
      duration: WINDOW_SECONDS,
      // Refuse at once while the connection is down instead of queueing behind a reconnect.
      rejectIfRedisNotReady: true,
    });
  const limiters: Record<TScope, RateLimiterRedis> = {
    api: limiter('api'),
    login: limiter('login'),
    web: limiter('web'),
  };
  let isFailingOpen = false;

  return createMiddleware<AppEnv>(async (c, next) => {
    const budget = await budgetOf(c, options);
    if (!budget) return next();
    const { scope } = budget;
    let res: RateLimiterRes;
    try {
      res = await limiters[scope].consume(budget.key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const retryAfter = Math.max(Math.ceil(error.msBeforeNext / 1000), 1);
        setLimitHeaders(c, limits[scope], error);
        c.header('Retry-After', String(retryAfter));
        throw new AppError('rate_limited', `Too many requests: try again in ${retryAfter} s.`, {
          scope,
          limit: limits[scope],
          windowSeconds: WINDOW_SECONDS,
          retryAfterSeconds: retryAfter,
        });
      }
      // Fail open: a Redis outage must not take the whole API down with it. Requests go
      // through unlimited until Redis answers again; one warning per outage, not per request.
      if (!isFailingOpen)
        c.get('logger').warn({ err: error, scope }, 'rate limiter unavailable: letting requests through unlimited');
      isFailingOpen = true;
      return next();
    }
    if (isFailingOpen) c.get('logger').info({ scope }, 'rate limiter available again');
    isFailingOpen = false;
    await next();
    // Only failed sign-ins spend the budget: it is there to slow password guessing, and a
    // whole office signing in from one address, each with the right password, is not that.
    if (scope === 'login' && c.req.path === LOGIN_PATH && c.res.status < 400) {
      res = await limiters.login.reward(budget.key, 1).catch(() => res);
    }
    setLimitHeaders(c, limits[scope], res);
  });
}
