import { senderRate } from '../core/senders/sender-rate.js';
import type { Db } from '../infra/db.js';
import type { Redis } from '../infra/redis.js';
import { readSenderStats, type TSenderStats } from './send-rate-limiter.js';

/** The key the message workers' limiter lives under (one per queue). */
export function sendSlotKey(config: { REDIS_PREFIX: string; MESSAGE_QUEUE: string }): string {
  return `${config.REDIS_PREFIX}:${config.MESSAGE_QUEUE}:send-slot`;
}

/** One sender as /metrics shows it: its counts and the rate in force. */
export interface TSenderMetric extends TSenderStats {
  /** Its rate after back-pressure: segments (WhatsApp: messages) per second. */
  ratePerSec: number;
}

/**
 * Reads what the message workers' limiter counted per sender, from Redis, where every
 * worker keeps it: for the senders page (`forAddresses`) and /metrics (`all`: every
 * workspace's senders and the deployment's defaults, at the global rate).
 */
export function createSenderStatsReader(deps: {
  db: Db;
  redis: Redis;
  config: { REDIS_PREFIX: string; MESSAGE_QUEUE: string; MESSAGE_RATE_PER_SEC: number };
  defaultSenders: readonly string[];
}) {
  const key = sendSlotKey(deps.config);
  return {
    forAddresses: (addresses: readonly string[]) => readSenderStats(deps.redis, key, addresses),
    async all(): Promise<TSenderMetric[]> {
      const pool = await deps.db.workspaceSender.findMany({ select: { address: true, kind: true, ratePerSec: true } });
      const rates = new Map<string, number>(
        deps.defaultSenders.map((address) => [address, deps.config.MESSAGE_RATE_PER_SEC]),
      );
      for (const sender of pool) rates.set(sender.address, senderRate(sender));
      const stats = await readSenderStats(deps.redis, key, [...rates.keys()]);
      return stats.map((stat) => ({ ...stat, ratePerSec: (rates.get(stat.address) ?? 0) * stat.rateFactor }));
    },
  };
}
