/**
 * Prepared once per `npm test`: an ephemeral Temporal dev server on a free port (with the
 * project's search attributes), a freshly migrated test database, a Redis key prefix of
 * its own, and the workflow bundle. Everything is torn down at the end.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../prisma/migrate.js';
import { freePort } from '../scripts/free-port.js';
import { startTemporalDevServer } from '../scripts/temporal-dev-server.js';
import { ensureTools } from '../scripts/tools.js';
import { createRedis, deleteKeysWithPrefix } from '../infra/redis.js';
import { WORKFLOW_BUNDLER_OPTIONS } from '../workers/create-temporal-worker.js';
import { fileURLToPath } from 'node:url';

/** Production workflows plus test probes, bundled once for the whole run. */
const TEST_WORKFLOWS_PATH = fileURLToPath(new URL('./fixtures/workflows.ts', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
    workflowBundlePath: string;
    testServerPath: string;
  }
}

/** Databases of earlier runs that were killed before their teardown (their process is gone). */
async function dropAbandonedDatabases(baseUrl: URL): Promise<void> {
  const prefix = `${baseUrl.pathname.slice(1)}_`;
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      const pid = Number(datname.slice(prefix.length));
      if (!Number.isInteger(pid) || isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function recreateDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl);
  try {
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tools = ensureTools(['temporal', 'temporal-test-server']);
  // One database per test run (suffix: this process id), so two runs on one machine, say
  // a developer's and CI's, never drop each other's data.
  const baseUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/initucastt_test');
  await dropAbandonedDatabases(baseUrl);
  baseUrl.pathname = `${baseUrl.pathname}_${process.pid}`;
  const databaseUrl = baseUrl.toString();
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `initucastt-test-${process.pid}`;
  const scratch = await mkdtemp(join(tmpdir(), 'initucastt-test-'));

  const [devServer, , bundle] = await Promise.all([
    freePort().then((port) => startTemporalDevServer({ cliPath: tools.temporal, port })),
    recreateDatabase(databaseUrl).then(() => migrate(databaseUrl)),
    bundleWorkflowCode({ workflowsPath: TEST_WORKFLOWS_PATH, logger: quietBundlerLogger, ...WORKFLOW_BUNDLER_OPTIONS }),
  ]);
  const workflowBundlePath = join(scratch, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('temporalAddress', devServer.address);
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('redisPrefix', redisPrefix);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('testServerPath', tools['temporal-test-server']);
  // Also in the environment, for code that reads its configuration through loadConfig().
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    TEMPORAL_ADDRESS: devServer.address,
  });

  return async () => {
    await devServer.stop();
    await deleteRedisKeys(redisUrl, redisPrefix);
    await recreateDatabase(databaseUrl).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  };
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log: () => undefined,
};
