/**
 * A whole InituCastt on this machine for a benchmark: its own Temporal dev server, its
 * own database, its own Redis prefix (or Redis), and the API and both workers as separate
 * processes (so each one's memory and CPU can be read, and each can be killed and started
 * again). Everything listens on loopback and is torn down by `stop()`, also when starting
 * fails half-way.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../../prisma/migrate.js';
import { freePort } from '../../scripts/free-port.js';
import { startTemporalDevServer, type DevServer } from '../../scripts/temporal-dev-server.js';
import { ensureTools } from '../../scripts/tools.js';
import { createRedis, deleteKeysWithPrefix } from '../../infra/redis.js';
import { Children } from './children.js';
import { temporalWorkerEnv } from '../../infra/temporal-worker-env.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type ProcessKind = 'api' | 'temporal-worker' | 'message-worker';

export interface BenchStackOptions {
  /** Database of this benchmark, dropped before and after (default `initucastt_bench_<pid>`). */
  databaseName?: string;
  /** Redis for every process (default REDIS_URL or the local one), used under this bench's own prefix. */
  redisUrl?: string;
  /** Extra env per kind of process, on top of the common env. */
  processEnv?: Partial<Record<ProcessKind, Record<string, string>>>;
  /** Message worker processes (default 1), named message-worker, message-worker-2, ... */
  messageWorkers?: number;
  /** Each child's output goes to `<logDir>/<name>.<n>.log` instead of this terminal. */
  logDir?: string;
  /**
   * Runs the Twilio sandbox in a process of its own (`sandbox`, an API process the message
   * workers use as Twilio), as Twilio is a service of its own in production: the arrival
   * times it records are then not delayed by the API's own work (status callbacks, polls).
   */
  sandboxProcess?: boolean;
  /** Options for node itself in every app process (e.g. `--cpu-prof --cpu-prof-dir=DIR`). */
  nodeArgs?: string[];
  /** The Temporal dev server serves Prometheus metrics on this port. */
  temporalMetricsPort?: number;
  /** Extra dynamic config for the Temporal dev server, `KEY=VALUE` each. */
  temporalDynamicConfig?: string[];
}

export interface BenchStack {
  apiUrl: string;
  /** Where the sandbox answers: its own process with `sandboxProcess`, else the API. */
  sandboxUrl: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  temporalAddress: string;
  /** Current pid of each process, including the Temporal dev server. */
  readonly pids: Record<string, number>;
  children: Children;
  /** Warning and error lines the Temporal dev server printed so far. */
  serverWarnings: string[];
  /** Replaces every message worker by `count` new ones with `env` on top of the stack's. */
  setMessageWorkers(count: number, env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

const READY_LINES: Record<ProcessKind, RegExp | undefined> = {
  api: undefined,
  'temporal-worker': /temporal worker running/,
  'message-worker': /message worker running/,
};
const ENTRIES: Record<ProcessKind, string> = {
  api: 'workers/api.ts',
  'temporal-worker': 'workers/temporal-worker.ts',
  'message-worker': 'workers/message-worker.ts',
};

async function dropDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Deletes the bench's keys; gives up after 10 s (the bench's own Redis may be gone already). */
async function deleteBenchKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await Promise.race([
      deleteKeysWithPrefix(redis, prefix),
      new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  } catch {
    // Nothing listens any more: its keys went with it.
  } finally {
    redis.disconnect();
  }
}

export function messageWorkerName(index: number): string {
  return index === 0 ? 'message-worker' : `message-worker-${index + 1}`;
}

export async function startBenchStack(
  env: Record<string, string>,
  options: BenchStackOptions = {},
): Promise<BenchStack> {
  // The dev server logs at warn level and above: its complaints (e.g. persistence QPS) are part of the result.
  const serverWarnings: string[] = [];
  const { temporal: cliPath } = ensureTools(['temporal']);
  const scratch = await mkdtemp(join(tmpdir(), 'initucastt-bench-'));
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${options.databaseName ?? `initucastt_bench_${process.pid}`}`;
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `initucastt-bench-${process.pid}`;
  const children = new Children(ROOT, options.logDir);
  let devServer: DevServer | undefined;

  const stop = async () => {
    const problems: unknown[] = [];
    const step = async (fn: () => Promise<unknown>) => fn().catch((error: unknown) => problems.push(error));
    await step(() => children.stopAll());
    await step(async () => devServer?.stop());
    await step(() => dropDatabase(databaseUrl));
    await step(() => deleteBenchKeys(redisUrl, redisPrefix));
    await step(() => rm(scratch, { recursive: true, force: true }));
    if (problems.length > 0) console.error('bench cleanup problems:', ...problems);
  };

  try {
    await dropDatabase(databaseUrl);
    const [server, port, sandboxPort] = await Promise.all([
      freePort()
        .then((p) =>
          startTemporalDevServer({
            cliPath,
            port: p,
            dbFile: join(scratch, 'temporal.db'),
            onOutput: (line) => serverWarnings.push(line),
            ...(options.temporalMetricsPort ? { metricsPort: options.temporalMetricsPort } : {}),
            ...(options.temporalDynamicConfig ? { dynamicConfig: options.temporalDynamicConfig } : {}),
          }),
        )
        .then((started) => (devServer = started)),
      freePort(),
      options.sandboxProcess ? freePort() : Promise.resolve(undefined),
      migrate(databaseUrl),
    ]);
    const apiUrl = `http://127.0.0.1:${port}`;
    const sandboxUrl = sandboxPort === undefined ? apiUrl : `http://127.0.0.1:${sandboxPort}`;
    const common: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      PUBLIC_URL: apiUrl,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      TEMPORAL_ADDRESS: server.address,
      ...env,
    };
    // Workers log at info so their "running" line tells when they are ready.
    const envOf = (kind: ProcessKind, extra: Record<string, string> = {}) => {
      const env = {
        ...common,
        ...(kind === 'api' ? {} : { LOG_LEVEL: 'info' }),
        ...(kind === 'message-worker' && sandboxPort !== undefined
          ? { TWILIO_API_URL: `${sandboxUrl}/sandbox/twilio` }
          : {}),
        ...options.processEnv?.[kind],
        ...extra,
      };
      // As `npm start` starts it (a bench's own NODE_OPTIONS heap limit wins).
      return kind === 'temporal-worker' ? temporalWorkerEnv(env) : env;
    };
    const define = (name: string, kind: ProcessKind, extra?: Record<string, string>) =>
      children.define(name, {
        entry: ENTRIES[kind],
        env: envOf(kind, extra),
        ...(READY_LINES[kind] ? { readyLine: READY_LINES[kind] } : {}),
        ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      });
    let messageWorkers = options.messageWorkers ?? 1;
    define('api', 'api');
    if (sandboxPort !== undefined) define('sandbox', 'api', { PORT: String(sandboxPort) });
    define('temporal-worker', 'temporal-worker');
    for (let i = 0; i < messageWorkers; i += 1) define(messageWorkerName(i), 'message-worker');

    const names = [
      'api',
      ...(sandboxPort !== undefined ? ['sandbox'] : []),
      'temporal-worker',
      ...Array.from({ length: messageWorkers }, (_, i) => messageWorkerName(i)),
    ];
    await Promise.all(names.map((name) => children.start(name)));
    for (const url of new Set([apiUrl, sandboxUrl])) {
      let ready = false;
      for (let i = 0; i < 240 && !ready; i += 1) {
        ready = await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!ready) throw new Error(`${url}/readyz did not answer 200 within 60 s`);
    }

    return {
      apiUrl,
      sandboxUrl,
      databaseUrl,
      redisUrl,
      redisPrefix,
      temporalAddress: server.address,
      children,
      serverWarnings,
      get pids() {
        return { ...children.pids(), 'temporal-server': server.process.pid ?? 0 };
      },
      async setMessageWorkers(count, extra = {}) {
        await Promise.all(Array.from({ length: messageWorkers }, (_, i) => children.stop(messageWorkerName(i))));
        messageWorkers = count;
        for (let i = 0; i < count; i += 1) define(messageWorkerName(i), 'message-worker', extra);
        await Promise.all(Array.from({ length: count }, (_, i) => children.start(messageWorkerName(i))));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Peak and current resident memory of a process, in MB, from /proc. */
export function memoryOf(pid: number): { peakMb: number; currentMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), currentMb: Math.round(kb('VmRSS') / 1024) };
}

/** `--worker-env KEY=VALUE` options of a bench, as an env object (a bench's Temporal worker settings). */
export function envFromPairs(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--worker-env wants KEY=VALUE, got ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (100 ticks per second). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `cleanup` once on Ctrl-C or SIGTERM, then exits, so an interrupted bench leaves nothing behind. */
export function cleanupOnInterrupt(cleanup: () => Promise<void>): void {
  let cleaning = false;
  const handler = (signal: NodeJS.Signals) => {
    if (cleaning) return;
    cleaning = true;
    console.error(`\n${signal}: cleaning up...`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
