/**
 * A whole InituCastt on this machine for a benchmark: its own Temporal dev server, its
 * own database, its own Redis prefix, and the API and both workers as separate processes
 * (so each one's memory can be read). Everything listens on loopback and is torn down
 * by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../../prisma/migrate.js';
import { startTemporalDevServer, stopChild } from '../../scripts/temporal-dev-server.js';
import { ensureTools } from '../../scripts/tools.js';
import { freePort } from '../../scripts/free-port.js';
import { createRedis, deleteKeysWithPrefix } from '../../server/redis.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchStack {
  apiUrl: string;
  databaseUrl: string;
  pids: Record<'api' | 'temporal-worker' | 'message-worker' | 'temporal-server', number>;
  /** Warning and error lines the Temporal dev server printed so far. */
  serverWarnings: string[];
  stop(): Promise<void>;
}

async function recreateDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

export async function startBenchStack(env: Record<string, string>): Promise<BenchStack> {
  // The dev server logs at warn level and above: its complaints (e.g. persistence QPS) are part of the result.
  const serverWarnings: string[] = [];
  const { temporal: cliPath } = ensureTools(['temporal']);
  const scratch = await mkdtemp(join(tmpdir(), 'initucastt-bench-'));
  const databaseUrl = 'postgresql://postgres@127.0.0.1:5432/initucastt_bench';
  await recreateDatabase(databaseUrl);
  const [devServer, port] = await Promise.all([
    freePort().then((p) => startTemporalDevServer({ cliPath, port: p, dbFile: join(scratch, 'temporal.db'), onOutput: (line) => serverWarnings.push(line) })),
    freePort(),
    migrate(databaseUrl),
  ]);
  const apiUrl = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    PUBLIC_URL: apiUrl,
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `initucastt-bench-${process.pid}`,
    TEMPORAL_ADDRESS: devServer.address,
    ...env,
  };
  const children: Record<string, ChildProcess> = {};
  for (const [name, entry] of [['api', 'api/main.ts'], ['temporal-worker', 'workers/temporal-worker.ts'], ['message-worker', 'workers/message-worker.ts']] as const) {
    children[name] = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  for (let i = 0; i < 240; i += 1) {
    const ok = await fetch(`${apiUrl}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    apiUrl,
    databaseUrl,
    serverWarnings,
    pids: {
      api: children.api!.pid!,
      'temporal-worker': children['temporal-worker']!.pid!,
      'message-worker': children['message-worker']!.pid!,
      'temporal-server': devServer.process.pid!,
    },
    async stop() {
      await Promise.all(Object.values(children).map((child) => stopChild(child, 10_000)));
      await devServer.stop();
      await recreateDatabase(databaseUrl);
      const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      await deleteKeysWithPrefix(redis, childEnv.REDIS_PREFIX).finally(() => redis.disconnect());
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Peak and current resident memory of a process, in MB, from /proc. */
export function memoryOf(pid: number): { peakMb: number; currentMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), currentMb: Math.round(kb('VmRSS') / 1024) };
}
