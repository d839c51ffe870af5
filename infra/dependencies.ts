import type { Connection } from '@temporalio/client';
import type { Db } from './db.js';
import type { DependencyCheck } from './readiness.js';
import { pingRedis, type Redis } from './redis.js';
import { pingTemporal } from './temporal.js';

/** The three services every InituCastt process needs, as readiness checks. */
export function dependencyChecks(deps: {
  db: Db;
  redis: Redis;
  temporal: Connection;
  namespace: string;
  timeoutMs: number;
}): DependencyCheck[] {
  return [
    { name: 'postgres', check: () => deps.db.$queryRaw`SELECT 1` },
    { name: 'redis', check: () => pingRedis(deps.redis) },
    { name: 'temporal', check: () => pingTemporal(deps.temporal, deps.namespace, deps.timeoutMs) },
  ];
}
