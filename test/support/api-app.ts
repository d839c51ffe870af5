import { afterAll } from 'vitest';
import { createApp } from '../../api/app.js';
import { createDb } from '../../infra/db.js';
import { createLogger } from '../../infra/logger.js';
import { createTemporalClient } from '../../infra/temporal.js';
import { testConfig } from './context.js';

/**
 * The API as the suites drive it through `app.request()`: the real app on the test
 * database and Temporal server, no HTTP server, no rate limits. Closes its connections
 * after the calling file's tests.
 */
export function apiTestApp(overrides: Record<string, string> = {}) {
  const config = testConfig(overrides);
  const db = createDb(config.DATABASE_URL);
  const temporal = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const app = createApp({
    logger: createLogger('test', 'silent'),
    readinessChecks: [],
    readinessTimeoutMs: 100,
    api: { config, db, temporal: temporal.client },
  });
  afterAll(async () => {
    await db.$disconnect();
    await temporal.connection.close();
  });
  return { config, db, temporal, app };
}
