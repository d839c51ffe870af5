import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createDb } from '../infra/db.js';
import { dependencyChecks } from '../infra/dependencies.js';
import { createLogger } from '../infra/logger.js';
import { createProbeRedis } from '../infra/redis.js';
import { freePort } from '../scripts/free-port.js';
import { testConfig } from './support/context.js';

const config = testConfig();
const logger = createLogger('test', 'silent');

/** A Redis of the test's own, so stopping it leaves the shared one alone. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('Ready to accept connections') && resolve());
  });
  return child;
}

interface ReadyzBody {
  status: string;
  error: { code: string; details: { failing: string[] } };
  dependencies: Record<string, { ok: boolean; error?: string }>;
}

function appWith(overrides: { databaseUrl?: string; redisUrl?: string }) {
  const db = createDb(overrides.databaseUrl ?? config.DATABASE_URL);
  const redis = createProbeRedis(overrides.redisUrl ?? config.REDIS_URL);
  redis.on('error', () => undefined);
  const temporal = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const app = createApp({
    logger,
    readinessChecks: dependencyChecks({ db, redis, temporal, namespace: config.TEMPORAL_NAMESPACE, timeoutMs: 2_000 }),
    readinessTimeoutMs: 2_000,
  });
  const close = () => Promise.allSettled([db.$disconnect(), redis.quit(), temporal.close()]);
  return { app, close };
}

describe('/healthz and /readyz', () => {
  let redisPort: number;
  let redis: ChildProcess;
  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
  });
  afterAll(() => {
    redis.kill('SIGKILL');
  });

  it('reports all three dependencies healthy', async () => {
    const { app, close } = appWith({});
    const res = await app.request('/readyz');
    const body = (await res.json()) as ReadyzBody;
    await close();
    expect(res.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.dependencies).sort()).toEqual(['postgres', 'redis', 'temporal']);
    expect(Object.values(body.dependencies).every((d) => d.ok)).toBe(true);
  });

  it('answers 503 naming Redis while it is stopped, and 200 again once it is back, without a restart', async () => {
    const { app, close } = appWith({ redisUrl: `redis://127.0.0.1:${redisPort}` });
    expect((await app.request('/readyz')).status).toBe(200);

    redis.kill('SIGTERM');
    await once(redis, 'exit');
    const down = await app.request('/readyz');
    const body = (await down.json()) as ReadyzBody;
    expect(down.status).toBe(503);
    expect(body.error.details.failing).toEqual(['redis']);
    expect(body.dependencies.postgres?.ok).toBe(true);

    redis = await startRedis(redisPort);
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await app.request('/readyz')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await close();
    expect(status).toBe(200);
  });

  it('answers 503 naming Postgres when it does not answer', async () => {
    const unusedPort = await freePort();
    const { app, close } = appWith({ databaseUrl: `postgresql://postgres@127.0.0.1:${unusedPort}/initucastt` });
    const res = await app.request('/readyz');
    const body = (await res.json()) as ReadyzBody;
    await close();
    expect(res.status).toBe(503);
    expect(body.error).toMatchObject({ code: 'not_ready', details: { failing: ['postgres'] } });
    // Which one, not why: the reason names internal hosts and ports, so it goes to the log only.
    expect(body.dependencies.postgres).toEqual({ ok: false, latencyMs: expect.any(Number) });
    expect(JSON.stringify(body)).not.toContain(String(unusedPort));
  });

  it('answers /healthz 200 even when dependencies are down', async () => {
    const { app, close } = appWith({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none' });
    const res = await app.request('/healthz');
    await close();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
