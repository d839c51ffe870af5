import { inject } from 'vitest';
import { loadConfig, type TConfig } from '../../infra/config.js';

/** The configuration integration tests run with: the services global-setup prepared. */
export function testConfig(overrides: Record<string, string> = {}): TConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: inject('redisPrefix'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    ...overrides,
  });
}

/** A name unique to this test run, for queues, task queues and rows that must not collide. */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
