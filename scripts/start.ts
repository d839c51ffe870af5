/**
 * `npm start`: runs the whole system on one machine. Starts (or checks) Temporal, creates
 * and migrates the database, starts the API, the Temporal worker and the message worker,
 * waits until /readyz answers 200 and prints where everything is. Ctrl-C stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { migrate } from '../prisma/migrate.js';
import { loadConfig, type TConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { redactUrl } from '../infra/redact-url.js';
import { createProbeRedis, pingRedis, type Redis } from '../infra/redis.js';
import { createTemporalClient, pingTemporal, registerSearchAttributes } from '../infra/temporal.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/contract/index.js';
import { startTemporalDevServer, stopChild, type DevServer } from './temporal-dev-server.js';
import { ensureTools } from './tools.js';
import { temporalWorkerEnv } from '../infra/temporal-worker-env.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

/** Settings only the launcher reads. An explicit TEMPORAL_ADDRESS means "use that server". */
const ZLauncherEnv = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65_535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65_535).default(8233),
});

const PROCESSES = [
  { name: 'api', entry: 'workers/api.ts' },
  { name: 'temporal-worker', entry: 'workers/temporal-worker.ts' },
  { name: 'message-worker', entry: 'workers/message-worker.ts' },
] as const;

/** A child that keeps crashing is given up on after this many restarts within a minute. */
const MAX_RESTARTS_PER_MINUTE = 5;

const log = createLogger('launcher', process.env.LOG_LEVEL ?? 'info');

async function startTemporal(
  env: z.infer<typeof ZLauncherEnv>,
  config: TConfig,
): Promise<{ devServer?: DevServer; address: string; uiUrl: string }> {
  if (env.TEMPORAL_ADDRESS) {
    const { connection } = createTemporalClient(env.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
    try {
      await pingTemporal(connection, config.TEMPORAL_NAMESPACE, 5_000);
      await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE, CUSTOM_SEARCH_ATTRIBUTES);
    } catch (error) {
      throw new Error(
        `TEMPORAL_ADDRESS=${env.TEMPORAL_ADDRESS} does not answer for namespace "${config.TEMPORAL_NAMESPACE}" (${(error as Error).message}). ` +
          'Start that server, or unset TEMPORAL_ADDRESS to let npm start run a local one.',
      );
    } finally {
      await connection.close();
    }
    return { address: env.TEMPORAL_ADDRESS, uiUrl: config.TEMPORAL_UI_URL };
  }
  const { temporal: cliPath } = ensureTools(['temporal']);
  mkdirSync(DATA_DIR, { recursive: true });
  const devServer = await startTemporalDevServer({
    cliPath,
    port: env.TEMPORAL_PORT,
    uiPort: env.TEMPORAL_UI_PORT,
    dbFile: `${DATA_DIR}/temporal.db`,
    namespace: config.TEMPORAL_NAMESPACE,
    onOutput: (line) => log.debug({ child: 'temporal' }, line),
  });
  return { devServer, address: devServer.address, uiUrl: devServer.uiUrl ?? config.TEMPORAL_UI_URL };
}

class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly restarts = new Map<string, number[]>();
  private stopping = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly onGiveUp: (name: string) => void,
  ) {}

  start(name: string, entry: string): void {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: name === 'temporal-worker' ? temporalWorkerEnv(this.env) : this.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.children.set(name, child);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const recent = (this.restarts.get(name) ?? []).filter((at) => Date.now() - at < 60_000);
      log.error({ child: name, code, signal }, `${name} exited unexpectedly`);
      if (recent.length >= MAX_RESTARTS_PER_MINUTE) return this.onGiveUp(name);
      this.restarts.set(name, [...recent, Date.now()]);
      log.warn({ child: name, restart: recent.length + 1 }, `restarting ${name} in 1 s`);
      setTimeout(() => !this.stopping && this.start(name, entry), 1_000);
    });
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.children.values()].map((child) => stopChild(child, 15_000)));
  }
}

/**
 * The API serves the built web app; a build takes about a second, so every start
 * rebuilds. In a child process, so the launcher does not keep Vite's memory for its lifetime.
 */
async function buildWebApp(): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url)),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`building the web app failed (exit ${code}); see the output above`);
}

/** Postgres and Redis are not ours to start: say exactly what is missing and how to start it. */
async function preflight(config: TConfig): Promise<void> {
  const problems: string[] = [];
  const pgClient = new pg.Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 3_000 });
  pgClient.on('error', () => undefined);
  await pgClient.connect().catch(async (error: Error & { code?: string }) => {
    // A missing database is fine (migrate creates it); an unreachable server is not.
    if (error.code === '3D000') return;
    problems.push(
      `PostgreSQL at ${redactUrl(config.DATABASE_URL)} does not answer (${error.message}). Start it, e.g. \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\`, or set DATABASE_URL.`,
    );
  });
  await pgClient.end().catch(() => undefined);
  const redis = createProbeRedis(config.REDIS_URL);
  redis.on('error', () => undefined);
  await pingRedisWithin(redis, 3_000).catch((error: Error) => {
    problems.push(
      `Redis at ${redactUrl(config.REDIS_URL)} does not answer (${error.message}). Start it, e.g. \`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\`, or set REDIS_URL.`,
    );
  });
  redis.disconnect();
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

function pingRedisWithin(redis: Redis, ms: number): Promise<unknown> {
  return Promise.race([
    pingRedis(redis),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return true;
    } catch {
      // The API is still starting.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const launcherEnv = ZLauncherEnv.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  await preflight(config);
  await buildWebApp();

  // Temporal and the database are independent: bring both up at once, and leave nothing
  // running behind if either fails.
  const [temporalResult, migrationResult] = await Promise.allSettled([
    startTemporal(launcherEnv, config),
    migrate(config.DATABASE_URL),
  ]);
  if (temporalResult.status === 'rejected' || migrationResult.status === 'rejected') {
    if (temporalResult.status === 'fulfilled') await temporalResult.value.devServer?.stop();
    const reason =
      temporalResult.status === 'rejected' ? temporalResult.reason : (migrationResult as PromiseRejectedResult).reason;
    throw reason instanceof Error ? reason : new Error(String(reason));
  }
  const temporal = temporalResult.value;
  const migration = migrationResult.value;
  log.info({ applied: migration.applied, createdDatabase: migration.createdDatabase }, 'database is up to date');

  const childEnv = { ...process.env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_UI_URL: temporal.uiUrl };
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (exitCode: number) => {
    shuttingDown ??= (async () => {
      log.info('stopping');
      await supervisor.stopAll();
      await temporal.devServer?.stop();
      process.exit(exitCode);
    })();
    return shuttingDown;
  };
  const supervisor = new Supervisor(childEnv, (name) => {
    log.fatal({ child: name }, `${name} keeps crashing; stopping everything`);
    void shutdown(1);
  });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  temporal.devServer?.process.once('exit', (code) => {
    if (shuttingDown) return;
    log.fatal({ code }, 'the Temporal dev server exited; stopping everything');
    void shutdown(1);
  });

  for (const { name, entry } of PROCESSES) supervisor.start(name, entry);

  const appUrl = config.PUBLIC_URL;
  const readyUrl = `http://127.0.0.1:${config.PORT}/readyz`;
  if (!(await waitUntilReady(readyUrl, 120_000))) {
    log.error({ readyUrl }, 'the API did not become ready within 120 s; see the logs above');
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `InituCastt is ready in ${seconds} s${config.sandbox ? ' (sandbox mode: no real Twilio account configured)' : ''}`,
      `  App          ${appUrl}`,
      `  Readiness    ${appUrl}/readyz`,
      `  Temporal UI  ${temporal.uiUrl}`,
      `  Temporal     ${temporal.address} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  log.fatal((error as Error).message);
  process.exit(1);
});
