import type { Context } from 'hono';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../infra/app-error.js';
import type { Redis } from '../../infra/redis.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SignInLimits {
  /** Failed sign-ins in a row for one account from one address; a success resets it. Then 15 minutes' pause. */
  consecutiveFails: number;
  /** Failed sign-ins for one account per hour from any address, so rotating addresses does not help. Then an hour's pause. */
  accountFailsPerHour: number;
  /** Failed sign-ins from one address per day, to any account. Then a day's pause. */
  addressFailsPerDay: number;
}

/** What the login route asks before and tells after checking a password, for one client address. */
export interface TSignInGuard {
  /** @throws AppError rate_limited (with Retry-After) while this account or this address is paused. */
  check(email: string): Promise<void>;
  /** Counts a wrong email or password against the account, the account from this address, and the address. */
  failed(email: string): Promise<void>;
  /** The right password: the account's failures from this address are forgotten. */
  succeeded(email: string): Promise<void>;
}

interface TCounter {
  name: 'account_address' | 'account' | 'address';
  limiter: RateLimiterRedis;
  points: number;
  blockSeconds: number;
  key: (email: string, address: string) => string;
}

/**
 * rate-limiter-flexible's login recipe: failures, not attempts, are counted, so an office
 * signing in from one address is never refused, while guessing is. Per account and address
 * (consecutive; a success resets it), per account from anywhere (a guesser rotating
 * addresses still stops; its pause is the price of one account being attacked), and per
 * address (one client trying many accounts). A counter that reaches its limit is blocked
 * for its pause, which is what Retry-After says. A Redis failure lets the attempt through
 * (`onUnavailable` is told): sign-in must not go down with the limiter.
 */
export function createSignInGuards(options: {
  redis: Redis;
  prefix: string;
  limits: SignInLimits;
  onUnavailable: (c: Context, error: unknown) => void;
}): (c: Context, address: string) => TSignInGuard {
  const counter = (
    name: TCounter['name'],
    points: number,
    windowSeconds: number,
    blockSeconds: number,
    key: TCounter['key'],
  ): TCounter => ({
    name,
    points,
    blockSeconds,
    key,
    limiter: new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.prefix}:ratelimit:login_fails:${name}`,
      points,
      duration: windowSeconds,
      rejectIfRedisNotReady: true,
    }),
  });
  const { limits } = options;
  const accountAddress = counter(
    'account_address',
    limits.consecutiveFails,
    DAY,
    15 * MINUTE,
    (email, address) => `${email}_${address}`,
  );
  const counters = [
    accountAddress,
    counter('account', limits.accountFailsPerHour, HOUR, HOUR, (email) => email),
    counter('address', limits.addressFailsPerDay, DAY, DAY, (_, address) => address),
  ];

  return (c, address) => {
    const failOpen = (error: unknown) => {
      if (error instanceof RateLimiterRes) return;
      options.onUnavailable(c, error);
    };
    return {
      async check(email) {
        let states: (RateLimiterRes | null)[];
        try {
          states = await Promise.all(counters.map((each) => each.limiter.get(each.key(email, address))));
        } catch (error) {
          failOpen(error);
          return;
        }
        const paused = counters
          .map((each, index) => ({ each, state: states[index] }))
          .filter(({ each, state }) => state !== null && state !== undefined && state.consumedPoints >= each.points);
        if (paused.length === 0) return;
        const retryAfter = Math.max(
          ...paused.map(({ state }) => Math.max(Math.ceil((state?.msBeforeNext ?? 0) / 1000), 1)),
        );
        c.header('Retry-After', String(retryAfter));
        throw new AppError('rate_limited', `Too many failed sign-ins: try again in ${retryAfter} s.`, {
          scope: 'login',
          counters: paused.map(({ each }) => each.name),
          retryAfterSeconds: retryAfter,
        });
      },
      async failed(email) {
        try {
          await Promise.all(
            counters.map(async (each) => {
              const key = each.key(email, address);
              const res = await each.limiter.consume(key).catch((error: unknown) => {
                if (error instanceof RateLimiterRes) return error;
                throw error;
              });
              if (res.consumedPoints >= each.points) await each.limiter.block(key, each.blockSeconds);
            }),
          );
        } catch (error) {
          failOpen(error);
        }
      },
      async succeeded(email) {
        await accountAddress.limiter.delete(accountAddress.key(email, address)).catch(failOpen);
      },
    };
  };
}
