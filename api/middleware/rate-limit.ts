import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { isApiKeyToken } from '../../features/api-keys/api-key-secret.js';
import type { TApiKeySession } from '../../features/api-keys/authenticate-api-key.js';
import { verifySessionToken, type TTokenConfig } from '../../features/auth/tokens.js';
import type { TConfig } from '../../infra/config.js';
import type { Redis } from '../../infra/redis.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { clientAddress, type RemoteAddress } from './client-address.js';
import { readCredential } from './session-cookie.js';
import { createSignInGuards, type SignInLimits } from './sign-in-guard.js';

export interface RateLimitOptions {
  /** A fail-fast connection (no offline queue), so a Redis outage cannot stall requests. */
  redis: Redis;
  /** REDIS_PREFIX: counters live under `<prefix>:ratelimit:<scope>:<key>`. */
  prefix: string;
  /** Per API key, or per user for a session (bearer token or cookie), per minute. */
  credentialPerMinute: number;
  /** Per client address per minute, for requests without a valid credential. */
  addressPerMinute: number;
  /** Sign-ups per client address per 15 minutes. */
  signupPer15Min: number;
  /** Failed sign-ins (see sign-in-guard.ts). */
  login: SignInLimits;
  /** Verifies session tokens, so only a real session spends its user's budget. */
  tokenConfig: TTokenConfig;
  /** Looks up an `ick_` API key (authenticateApiKey); without it, keys spend the address's budget. */
  findApiKey?: (token: string) => Promise<TApiKeySession | undefined>;
  /** TRUST_PROXY: reverse proxies whose X-Forwarded-For is believed (0: none). */
  trustProxy: number;
  /** The socket's address; defaults to @hono/node-server's, injectable for tests. */
  remoteAddress?: RemoteAddress;
}

/** The limits as configured (RATE_LIMIT_*). */
export function rateLimitsOf(
  config: TConfig,
): Pick<RateLimitOptions, 'credentialPerMinute' | 'addressPerMinute' | 'signupPer15Min' | 'login'> {
  return {
    credentialPerMinute: config.RATE_LIMIT_CREDENTIAL_PER_MIN,
    addressPerMinute: config.RATE_LIMIT_ADDRESS_PER_MIN,
    signupPer15Min: config.RATE_LIMIT_SIGNUP_PER_15MIN,
    login: {
      consecutiveFails: config.RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS,
      accountFailsPerHour: config.RATE_LIMIT_LOGIN_ACCOUNT_FAILS_PER_HOUR,
      addressFailsPerDay: config.RATE_LIMIT_LOGIN_ADDRESS_FAILS_PER_DAY,
    },
  };
}

type TScope = 'credential' | 'address' | 'signup';

/** The budget a request spends and whose it is: `key:<id>` or `user:<id>` for a credential, else a client address. */
interface TBudget {
  scope: TScope;
  key: string;
}

const WINDOW_SECONDS: Record<TScope, number> = { credential: 60, address: 60, signup: 15 * 60 };
const LOGIN_PATH = '/api/auth/login';
const REGISTER_PATH = '/api/auth/register';

/**
 * Which budget a /api request spends. Twilio's webhooks are exempt: Twilio sends from many
 * addresses in bursts and proves itself by signature. Sign-in spends none (the sign-in
 * guard counts its failures instead); sign-up spends a small per-address budget. A request
 * with a valid credential spends that credential's: its API key's, or its user's for a
 * session token or cookie, so an office behind one address, or several integrations, do
 * not share one budget. Anything else, a forged, expired or revoked credential included,
 * spends its address's small budget: a bad credential cannot reach a budget of its own.
 */
async function budgetOf(c: Context<AppEnv>, options: RateLimitOptions): Promise<TBudget | undefined> {
  const path = c.req.path;
  if (path === '/api/inbound' || path.startsWith('/api/inbound/')) return undefined;
  const client = () => clientAddress(c, options.trustProxy, options.remoteAddress);
  if (c.req.method === 'POST' && path === LOGIN_PATH) return undefined;
  if (c.req.method === 'POST' && path === REGISTER_PATH) return { scope: 'signup', key: client() };
  const credential = readCredential(c);
  const token = credential?.token;
  if (credential && token) {
    if (credential.source === 'bearer' && isApiKeyToken(token)) {
      if (options.findApiKey) {
        const session = await options.findApiKey(token);
        c.set('apiKeySession', { session });
        if (session) return { scope: 'credential', key: `key:${session.apiKeyId}` };
      }
    } else {
      const verified = await verifySessionToken(options.tokenConfig, token);
      if (verified.ok) return { scope: 'credential', key: `user:${verified.session.userId}` };
    }
  }
  return { scope: 'address', key: client() };
}

function setLimitHeaders(c: Context, limit: number, res: RateLimiterRes): void {
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(res.remainingPoints));
  c.header('RateLimit-Reset', String(Math.max(Math.ceil(res.msBeforeNext / 1000), 0)));
}

/**
 * Fixed-window limits in Redis, shared by every API process: per credential, per address
 * without one, per address for sign-ups; and, on POST /api/auth/login, the sign-in guard
 * for the route (`c.var.signInGuard`). Mount on /api/* before authentication. A session's
 * signature is checked here (an HMAC, no I/O); an API key costs the one indexed lookup that
 * authentication then reuses. Answers RateLimit-Limit/-Remaining/-Reset (seconds) on every
 * limited request and 429 `rate_limited` with Retry-After past the limit.
 */
export function rateLimit(options: RateLimitOptions) {
  const limits: Record<TScope, number> = {
    credential: options.credentialPerMinute,
    address: options.addressPerMinute,
    signup: options.signupPer15Min,
  };
  const limiter = (scope: TScope) =>
    new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.prefix}:ratelimit:${scope}`,
      points: limits[scope],
      duration: WINDOW_SECONDS[scope],
      // Refuse at once while the connection is down instead of queueing behind a reconnect.
      rejectIfRedisNotReady: true,
    });
  const limiters: Record<TScope, RateLimiterRedis> = {
    credential: limiter('credential'),
    address: limiter('address'),
    signup: limiter('signup'),
  };
  let isFailingOpen = false;
  // Fail open: a Redis outage must not take the whole API down with it. Requests go
  // through unlimited until Redis answers again; one warning per outage, not per request.
  const unavailable = (c: Context<AppEnv>, error: unknown, scope: string) => {
    if (!isFailingOpen)
      c.get('logger').warn({ err: error, scope }, 'rate limiter unavailable: letting requests through unlimited');
    isFailingOpen = true;
  };
  const signInGuards = createSignInGuards({
    redis: options.redis,
    prefix: options.prefix,
    limits: options.login,
    onUnavailable: (c, error) => unavailable(c as Context<AppEnv>, error, 'login'),
  });

  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'POST' && c.req.path === LOGIN_PATH) {
      c.set('signInGuard', signInGuards(c, clientAddress(c, options.trustProxy, options.remoteAddress)));
      return next();
    }
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
          windowSeconds: WINDOW_SECONDS[scope],
          retryAfterSeconds: retryAfter,
        });
      }
      unavailable(c, error, scope);
      return next();
    }
    if (isFailingOpen) c.get('logger').info({ scope }, 'rate limiter available again');
    isFailingOpen = false;
    setLimitHeaders(c, limits[scope], res);
    await next();
  });
}
