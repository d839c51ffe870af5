/**
 * One-shot setup for deployments that run each process on its own (docker-compose, several
 * machines): creates and migrates the database and registers Temporal's search attributes,
 * waiting for Temporal to come up. `npm start` does the same itself.
 */
import { migrate } from '../prisma/migrate.js';
import { loadConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { createTemporalClient, pingTemporal, registerSearchAttributes } from '../infra/temporal.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/contract/index.js';

const config = loadConfig();
const logger = createLogger('setup', config.LOG_LEVEL);

const result = await migrate(config.DATABASE_URL);
logger.info({ applied: result.applied, createdDatabase: result.createdDatabase }, 'database is up to date');

const { connection } = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const deadline = Date.now() + 180_000;
for (;;) {
  try {
    await pingTemporal(connection, config.TEMPORAL_NAMESPACE, 5_000);
    await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE, CUSTOM_SEARCH_ATTRIBUTES);
    break;
  } catch (error) {
    if (Date.now() > deadline) throw error;
    logger.info({ err: (error as Error).message }, 'waiting for Temporal');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
await connection.close();
logger.info('search attributes registered');
