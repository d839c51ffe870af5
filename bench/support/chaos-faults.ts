/**
 * The faults the chaos run injects, each a SIGKILL and a restart after a pause: the message
 * worker, the Temporal worker, or Redis (a fresh, empty redis-server on the same port).
 */
import { hostname } from 'node:os';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../../infra/config.js';
import { basicAuthorization } from '../../sandbox/index.js';
import { api } from './bench-api.js';
import type { AttemptAtKill } from './chaos-figures.js';
import type { RedisServer } from './redis-server.js';
import type { BenchStack } from './stack.js';

export type FaultKind = 'mw' | 'tw' | 'redis';

export interface Fault {
  label: string;
  /** Injects the fault and brings the process back; returns what happened, for the timeline. */
  run(): Promise<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFaults(stack: BenchStack, redis: RedisServer, pauseMs = 2_000) {
  /** Create attempts the sandbox saw around each message-worker kill (for the window hits). */
  const attemptsAtKills: AttemptAtKill[] = [];
  const pause = `${pauseMs / 1000} s`;
  const catalogue: Record<FaultKind, Fault> = {
    mw: {
      label: `SIGKILL message worker, restart after ${pause}`,
      async run() {
        const killAt = new Date();
        const pid = stack.children.pid('message-worker');
        await stack.children.kill('message-worker', 'SIGKILL');
        await sleep(pauseMs);
        const since = new Date(killAt.getTime() - 30_000).toISOString();
        const { body } = await api<{ attempts: Array<Omit<AttemptAtKill, 'killAt'>> }>(
          stack.apiUrl,
          `/sandbox/attempts?since=${encodeURIComponent(since)}`,
          // The attempt log is the sandbox operator's: the stack runs on the sandbox's account.
          {
            headers: {
              authorization: basicAuthorization({ accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN }),
            },
          },
        );
        attemptsAtKills.push(...body.attempts.map((a) => ({ ...a, killAt })));
        await stack.children.start('message-worker');
        return `pid ${pid} killed at ${killAt.toISOString()}`;
      },
    },
    tw: {
      label: `SIGKILL Temporal worker, restart after ${pause}`,
      async run() {
        const pid = stack.children.pid('temporal-worker');
        const killAt = new Date().toISOString();
        await stack.children.kill('temporal-worker', 'SIGKILL');
        await sleep(pauseMs);
        await stack.children.start('temporal-worker');
        return `pid ${pid} (worker identity ${pid}@${hostname()}) killed at ${killAt}`;
      },
    },
    redis: {
      label: `SIGKILL redis-server, a fresh empty one on the same port after ${pause}`,
      async run() {
        const killAt = new Date().toISOString();
        await redis.kill('SIGKILL');
        await sleep(pauseMs);
        await redis.start();
        return `killed at ${killAt}`;
      },
    },
  };

  /**
   * The faults named in `kinds`, in order, each with the share of the expected messages
   * at which it is due: spread over the flow, the i-th of n at (i + 0.6) / (n + 1).
   */
  function schedule(kinds: readonly string[]): Array<Fault & { at: number }> {
    return kinds.map((kind, i) => {
      const fault = catalogue[kind as FaultKind];
      if (!fault) throw new Error(`unknown fault "${kind}" (mw, tw, redis)`);
      return { ...fault, at: (i + 0.6) / (kinds.length + 1) };
    });
  }

  return { attemptsAtKills, schedule };
}
