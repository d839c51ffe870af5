import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * A connection for BullMQ workers and queues: `maxRetriesPerRequest: null` makes blocking
 * commands wait through a Redis restart instead of failing the worker.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...options });
}

/**
 * A connection for health probes: no offline queue, so a ping while Redis is down fails
 * at once instead of waiting for the reconnect.
 */
export function createProbeRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: false,
    connectTimeout: 2_000,
  });
}

/**
 * Pings through a probe connection. While it is (re)connecting, waits for it to become
 * ready instead of failing at once; the caller bounds the wait with its own timeout.
 */
export async function pingRedis(redis: Redis): Promise<string> {
  if (redis.status === 'wait') await redis.connect();
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        redis.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        redis.off('ready', onReady);
        reject(error);
      };
      redis.once('ready', onReady);
      redis.once('error', onError);
    });
  }
  return redis.ping();
}

/** Deletes every key under `prefix:` (a test run's or benchmark's own namespace), in SCAN pages. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
