import type { Redis } from '../infra/redis.js';

/** Per-second counts are kept this long: enough for any window the readers ask for. */
const KEEP_SECONDS = 120;

/** Sends that left, counted per workspace and second across every message worker. */
export interface AdmittedSends {
  /** Counts one send of the workspace as leaving now; best effort (a lost count costs a figure, not a send). */
  record(workspaceId: string): void;
  /** Sends per second of each workspace over the last `windowSeconds` whole seconds. */
  rates(windowSeconds?: number): Promise<Map<string, number>>;
}

/**
 * Counts in Redis, one hash per second (`<key>:<epoch second>`, workspace -> sends), so the
 * API can show every workspace's admitted rate whichever worker sent: one pipelined write
 * per send, and `windowSeconds` reads per look.
 */
export function createAdmittedSends(redis: Redis, key: string, now: () => number = Date.now): AdmittedSends {
  return {
    record(workspaceId) {
      const bucket = `${key}:${Math.floor(now() / 1_000)}`;
      redis
        .multi()
        .hincrby(bucket, workspaceId, 1)
        .expire(bucket, KEEP_SECONDS)
        .exec()
        .catch(() => undefined);
    },
    async rates(windowSeconds = 10) {
      const current = Math.floor(now() / 1_000);
      const pipeline = redis.pipeline();
      // Whole seconds only: the one under way would read low.
      for (let s = current - windowSeconds; s < current; s += 1) pipeline.hgetall(`${key}:${s}`);
      const totals = new Map<string, number>();
      for (const [error, counts] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        for (const [workspaceId, count] of Object.entries(counts as Record<string, string>))
          totals.set(workspaceId, (totals.get(workspaceId) ?? 0) + Number(count));
      }
      return new Map([...totals].map(([workspaceId, total]) => [workspaceId, total / windowSeconds]));
    },
  };
}

/** The key of the admitted-send counts of a message queue. */
export function admittedSendsKey(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:admitted`;
}
