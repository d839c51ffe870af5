import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppDeps } from '../api/app.js';
import { rateLimitsOf, type RateLimitOptions } from '../api/middleware/rate-limit.js';
import { authenticateApiKey } from '../features/api-keys/authenticate-api-key.js';
import { createApiKey } from '../features/api-keys/create-api-key.js';
import { hashPassword } from '../features/auth/password.js';
import { createDb } from '../infra/db.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { createMetrics, type MetricsSources } from '../infra/metrics.js';
import { createMessageQueue } from '../outbound/message-queue.js';
import { createRedis, deleteKeysWithPrefix } from '../infra/redis.js';
import { createTemporalClient } from '../infra/temporal.js';
import { freePort } from '../scripts/free-port.js';
import { testConfig, uniqueName } from './support/context.js';

const base = testConfig();
const db = createDb(base.DATABASE_URL);
const temporal = createTemporalClient(base.TEMPORAL_ADDRESS, base.TEMPORAL_NAMESPACE);
const redis = createRedis(base.REDIS_URL);
const silent = createLogger('test', 'silent');
const prefixes: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

// The limiter refuses to wait for a connection that is not ready (it fails open instead).
beforeAll(async () => {
  await redis.ping();
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
  await db.$disconnect();
  await temporal.connection.close();
  redis.disconnect();
});

/** A Redis key prefix of this test's own, deleted after the file. */
function testPrefix(): string {
  const prefix = `${base.REDIS_PREFIX}:${uniqueName('hardening')}`;
  prefixes.push(prefix);
  return prefix;
}

interface AppOptions {
  config?: Record<string, string>;
  /** Rate limits on; the socket address comes from the test header X-Test-Socket. */
  rateLimit?: Partial<RateLimitOptions>;
  metrics?: AppDeps['metrics'];
  logger?: Logger;
  webDistDir?: string;
}

function appWith(options: AppOptions = {}) {
  // A task queue no worker polls: launched runs stay put and touch no other suite.
  const config = testConfig({ TEMPORAL_TASK_QUEUE: uniqueName('hardening-journeys'), ...options.config });
  const rateLimit: RateLimitOptions | undefined = options.rateLimit && {
    redis,
    prefix: testPrefix(),
    ...rateLimitsOf(config),
    tokenConfig: config,
    findApiKey: (token) => authenticateApiKey(db, token),
    trustProxy: config.TRUST_PROXY,
    remoteAddress: (c) => c.req.header('x-test-socket'),
    ...options.rateLimit,
  };
  return createApp({
    logger: options.logger ?? silent,
    readinessChecks: [],
    readinessTimeoutMs: 100,
    api: { config, db, temporal: temporal.client },
    ...(rateLimit ? { rateLimit } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
  });
}
type TApp = ReturnType<typeof appWith>;

const PASSWORD = 'correct-horse-battery-staple';

function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function login(app: TApp, headers: Record<string, string>) {
  return app.request('/api/auth/login', json({ email: 'nobody@example.com', password: 'wrong-password' }, headers));
}

async function register(app: TApp, headers: Record<string, string> = {}): Promise<{ token: string; userId: string }> {
  const email = `${uniqueName('hardening')}@example.com`;
  const res = await app.request('/api/auth/register', json({ email, password: PASSWORD, name: 'Hardy' }, headers));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

/** The survey example with `marker` in its first message's body. */
async function surveyJourney(marker: string): Promise<Record<string, unknown>> {
  const journey = JSON.parse(
    await readFile(new URL('../docs/examples/survey-journey.json', import.meta.url), 'utf8'),
  ) as { nodes: { type: string; data: { body?: string } }[] };
  const message = journey.nodes.find((node) => node.type === 'message');
  if (message) message.data.body = `${marker} Hi {{firstName}}, reply YES or NO.`;
  return journey;
}

async function createJourney(app: TApp, token: string, marker = 'plain'): Promise<string> {
  const res = await app.request(
    '/api/journeys',
    json(await surveyJourney(marker), { authorization: `Bearer ${token}` }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { journey: { id: string } }).journey.id;
}

/** A workspace and its admin, written straight to the database (no sign-up budget spent). */
async function addAccount(label = 'account'): Promise<{ email: string; userId: string; workspaceId: string }> {
  const workspace = await db.workspace.create({ data: { name: label } });
  const email = `${uniqueName(label)}@example.com`;
  const user = await db.user.create({
    data: { workspaceId: workspace.id, email, passwordHash: await hashPassword(PASSWORD), name: label, role: 'admin' },
  });
  return { email, userId: user.id, workspaceId: workspace.id };
}

function signInAs(app: TApp, email: string, password: string, headers: Record<string, string>) {
  return app.request('/api/auth/login', json({ email, password }, headers));
}

async function expectSignInRefused(res: Response): Promise<Record<string, unknown>> {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  const body = (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
  expect(body.error).toMatchObject({
    code: 'rate_limited',
    details: { scope: 'login', retryAfterSeconds: retryAfter },
  });
  expect(body.error.message).toMatch(/try again in \d+ s/);
  return body.error.details;
}

describe('sign-in protection: failures per account and per address', () => {
  it('lets six colleagues behind one address sign in, one after another, some after a typo', async () => {
    const app = appWith({ rateLimit: {} });
    const colleagues = await Promise.all(Array.from({ length: 6 }, (_, n) => addAccount(`colleague${n}`)));
    const office = { 'x-test-socket': '192.0.2.201' };
    for (const [n, { email }] of colleagues.entries()) {
      if (n < 2) expect((await signInAs(app, email, 'a typo', office)).status).toBe(401);
      expect((await signInAs(app, email, PASSWORD, office)).status).toBe(200);
    }
    // And again, as later that day, when each of them mistypes once: eight failures from
    // one address, none of them guessing.
    for (const { email } of colleagues) {
      expect((await signInAs(app, email, 'a typo', office)).status).toBe(401);
      expect((await signInAs(app, email, PASSWORD, office)).status).toBe(200);
    }
  });

  it('forgets an account’s failures from an address once it signs in there', async () => {
    const app = appWith({ config: { RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS: '3' }, rateLimit: {} });
    const { email } = await addAccount();
    const office = { 'x-test-socket': '192.0.2.202' };
    for (let round = 0; round < 3; round += 1) {
      expect((await signInAs(app, email, 'wrong', office)).status).toBe(401);
      expect((await signInAs(app, email, 'wrong', office)).status).toBe(401);
      expect((await signInAs(app, email, PASSWORD, office)).status).toBe(200);
    }
  });

  it('refuses twenty wrong passwords on one account from one address with 429 and Retry-After', async () => {
    const app = appWith({ rateLimit: {} });
    const { email } = await addAccount('target');
    const guesser = { 'x-test-socket': '192.0.2.210' };
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let guess = 0; guess < 20; guess += 1) {
      const res = await signInAs(app, email, `guess-${guess}`, guesser);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.body?.cancel();
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(15).fill(429));
    const details = await expectSignInRefused(refused!);
    expect(details.counters).toContain('account_address');
    expect(Number(refused!.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // Paused means paused: the right password from there waits too; other accounts do not.
    await expectSignInRefused(await signInAs(app, email, PASSWORD, guesser));
    const other = await addAccount('bystander');
    expect((await signInAs(app, other.email, PASSWORD, guesser)).status).toBe(200);
  });

  it('refuses a guesser who rotates addresses: the account counts its failures from anywhere', async () => {
    const app = appWith({ rateLimit: {} });
    const { email } = await addAccount('target');
    const statuses: number[] = [];
    for (let guess = 0; guess < 20; guess += 1) {
      const res = await signInAs(app, email, `guess-${guess}`, { 'x-test-socket': `198.51.100.${guess + 1}` });
      statuses.push(res.status);
      if (guess < 19) await res.body?.cancel();
      else expect((await expectSignInRefused(res)).counters).toEqual(['account']);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
  });

  it('refuses one address trying many accounts', async () => {
    const app = appWith({ config: { RATE_LIMIT_LOGIN_ADDRESS_FAILS_PER_DAY: '3' }, rateLimit: {} });
    const sprayer = { 'x-test-socket': '192.0.2.220' };
    for (let n = 0; n < 3; n += 1) {
      expect((await signInAs(app, `nobody${n}@example.com`, 'x', sprayer)).status).toBe(401);
    }
    const details = await expectSignInRefused(await signInAs(app, 'someone-else@example.com', 'x', sprayer));
    expect(details.counters).toEqual(['address']);
    expect((await signInAs(app, 'someone-else@example.com', 'x', { 'x-test-socket': '192.0.2.221' })).status).toBe(401);
  });

  it('ignores a spoofed X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const app = appWith({ config: { RATE_LIMIT_LOGIN_ADDRESS_FAILS_PER_DAY: '2' }, rateLimit: {} });
    const socket = { 'x-test-socket': '192.0.2.10' };
    expect((await signInAs(app, 'a@example.com', 'x', socket)).status).toBe(401);
    expect((await signInAs(app, 'b@example.com', 'x', socket)).status).toBe(401);
    for (const spoof of ['203.0.113.1', '203.0.113.2, 203.0.113.3']) {
      expect((await signInAs(app, 'c@example.com', 'x', { ...socket, 'x-forwarded-for': spoof })).status).toBe(429);
    }
  });

  it('behind TRUST_PROXY=1 counts the hop the proxy appended, not what the client prepended', async () => {
    const app = appWith({ config: { RATE_LIMIT_LOGIN_ADDRESS_FAILS_PER_DAY: '2', TRUST_PROXY: '1' }, rateLimit: {} });
    const viaProxy = (xff: string) => ({ 'x-test-socket': '10.0.0.1', 'x-forwarded-for': xff });
    expect((await signInAs(app, 'a@example.com', 'x', viaProxy('198.51.100.7'))).status).toBe(401);
    expect((await signInAs(app, 'b@example.com', 'x', viaProxy('198.51.100.7'))).status).toBe(401);
    expect((await signInAs(app, 'c@example.com', 'x', viaProxy('198.51.100.7'))).status).toBe(429);
    // The client prepends a forged address; the proxy still appends the real one.
    expect((await signInAs(app, 'd@example.com', 'x', viaProxy('203.0.113.50, 198.51.100.7'))).status).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect((await signInAs(app, 'e@example.com', 'x', viaProxy('198.51.100.8'))).status).toBe(401);
  });

  it('counts the socket address over a real connection', async () => {
    const prefix = testPrefix();
    const app = appWith({
      config: { RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS: '1' },
      rateLimit: { prefix, remoteAddress: undefined },
    });
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/auth/login`;
    const attempt = () =>
      fetch(url, json({ email: 'nobody@example.com', password: 'x' }, { 'x-forwarded-for': '203.0.113.99' }));
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(429);
    // Every page of the scan: COUNT is a hint, and a shared Redis holds other suites' keys too.
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      keys.push(...page);
      cursor = next;
    } while (cursor !== '0');
    expect(keys.sort()).toEqual(
      [
        `${prefix}:ratelimit:login_fails:account:nobody@example.com`,
        `${prefix}:ratelimit:login_fails:account_address:nobody@example.com_127.0.0.1`,
        `${prefix}:ratelimit:login_fails:address:127.0.0.1`,
      ].sort(),
    );
  });

  it('fails open, with one warning, while Redis is unreachable', async () => {
    const down = createRedis(`redis://127.0.0.1:${await freePort()}`, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    down.on('error', () => undefined);
    cleanups.push(async () => down.disconnect());
    const { logger, lines } = capturingLogger();
    const app = appWith({
      config: { RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS: '1', RATE_LIMIT_ADDRESS_PER_MIN: '1' },
      rateLimit: { redis: down },
      logger,
    });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const res = await login(app, { 'x-test-socket': '192.0.2.30' });
      expect(res.status).toBe(401);
      const anonymous = await app.request('/api/me', { headers: { 'x-test-socket': '192.0.2.30' } });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('ratelimit-limit')).toBeNull();
    }
    expect(lines().filter((line) => line.msg?.startsWith('rate limiter unavailable'))).toHaveLength(1);
  });
});

describe('sign-up rate limit', () => {
  it('keeps a per-address budget for sign-ups; another address has its own', async () => {
    const app = appWith({ config: { RATE_LIMIT_SIGNUP_PER_15MIN: '2' }, rateLimit: {} });
    const a = { 'x-test-socket': '192.0.2.1' };
    await register(app, a);
    const second = await app.request(
      '/api/auth/register',
      json({ email: `${uniqueName('signup')}@example.com`, password: PASSWORD, name: 'Two' }, a),
    );
    expect(second.status).toBe(201);
    expect([second.headers.get('ratelimit-limit'), second.headers.get('ratelimit-remaining')]).toEqual(['2', '0']);
    const refused = await app.request(
      '/api/auth/register',
      json({ email: `${uniqueName('signup')}@example.com`, password: PASSWORD, name: 'Three' }, a),
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: { code: 'rate_limited', details: { scope: 'signup', limit: 2 } },
    });
    await register(app, { 'x-test-socket': '192.0.2.2' });
  });
});

describe('API rate limit', () => {
  it('gives each credential its own budget of at least 600 a minute: 700 requests with one key all pass', async () => {
    const app = appWith({ rateLimit: {} });
    const owner = await addAccount('poller');
    const creator = { workspaceId: owner.workspaceId, userId: owner.userId, role: 'admin' as const };
    const first = await createApiKey(db, creator, { name: 'poller', role: 'member' });
    const second = await createApiKey(db, creator, { name: 'other integration', role: 'member' });
    const server = { 'x-test-socket': '192.0.2.50' };
    const byKey = (key: string) => ({ ...server, authorization: `Bearer ${key}` });
    for (let n = 1; n <= 700; n += 1) {
      const res = await app.request('/api/me', { headers: byKey(first.key) });
      if (res.status !== 200) expect([n, res.status]).toEqual([n, 200]);
      await res.body?.cancel();
    }
    const last = await app.request('/api/me', { headers: byKey(first.key) });
    expect(last.status).toBe(200);
    expect(Number(last.headers.get('ratelimit-limit'))).toBeGreaterThanOrEqual(600);
    expect(Number(last.headers.get('ratelimit-remaining'))).toBe(Number(last.headers.get('ratelimit-limit')) - 701);
    // Another key from the same address: untouched by the first one's 701.
    const other = await app.request('/api/me', { headers: byKey(second.key) });
    expect(other.status).toBe(200);
    expect(Number(other.headers.get('ratelimit-remaining'))).toBe(Number(other.headers.get('ratelimit-limit')) - 1);
    // Unauthenticated requests from that address spend the address's own small budget.
    const anonymous = await app.request('/api/me', { headers: server });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('ratelimit-limit')).toBe(String(testConfig().RATE_LIMIT_ADDRESS_PER_MIN));
    expect(Number(anonymous.headers.get('ratelimit-remaining'))).toBe(testConfig().RATE_LIMIT_ADDRESS_PER_MIN - 1);
  });

  it('spends a session token’s user budget, not the address’s; bad credentials spend the address’s', async () => {
    const app = appWith({
      config: { RATE_LIMIT_CREDENTIAL_PER_MIN: '3', RATE_LIMIT_ADDRESS_PER_MIN: '2' },
      rateLimit: {},
    });
    const client = { 'x-test-socket': '192.0.2.40' };
    const ada = await addAccount('ada');
    const bo = await addAccount('bo');
    const token = async (account: { email: string }) =>
      ((await (await signInAs(app, account.email, PASSWORD, client)).json()) as { token: string }).token;
    const auth = { ...client, authorization: `Bearer ${await token(ada)}` };
    for (let n = 1; n <= 3; n += 1) {
      const res = await app.request('/api/me', { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(3 - n));
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    const refused = await app.request('/api/me', { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({
      error: { code: 'rate_limited', details: { scope: 'credential', limit: 3, windowSeconds: 60 } },
    });
    // Another user from the same address has a budget of their own.
    const boRes = await app.request('/api/me', { headers: { ...client, authorization: `Bearer ${await token(bo)}` } });
    expect([boRes.status, boRes.headers.get('ratelimit-remaining')]).toEqual([200, '2']);
    // A forged token or an unknown key cannot reach a budget of its own.
    for (const bad of ['Bearer not-a-token', 'Bearer ick_unknown']) {
      const res = await app.request('/api/me', { headers: { ...client, authorization: bad } });
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-limit')).toBe('2');
    }
    expect((await app.request('/api/me', { headers: client })).status).toBe(429);

    for (let n = 0; n < 5; n += 1) {
      const webhook = await app.request('/api/inbound', {
        method: 'POST',
        headers: { ...client, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'From=x',
      });
      expect(webhook.status).toBe(403);
      expect(webhook.headers.get('ratelimit-limit')).toBeNull();
      const health = await app.request('/healthz', { headers: client });
      expect(health.status).toBe(200);
      expect(health.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('defaults to 1,200 a minute per credential and keeps every limit configurable', () => {
    const defaults = testConfig();
    expect(defaults.RATE_LIMIT_CREDENTIAL_PER_MIN).toBe(1200);
    expect(defaults.RATE_LIMIT_ADDRESS_PER_MIN).toBe(60);
    const changed = testConfig({ RATE_LIMIT_CREDENTIAL_PER_MIN: '5000', RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS: '8' });
    expect([changed.RATE_LIMIT_CREDENTIAL_PER_MIN, changed.RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS]).toEqual([5000, 8]);
  });
});

describe('CORS and secure headers', () => {
  const allowed = 'https://app.example.com';

  it('answers allowed origins, preflight included, and says nothing to others', async () => {
    const app = appWith({ config: { CORS_ORIGINS: `${allowed}, https://admin.example.com` } });
    const ok = await app.request('/api/me', { headers: { origin: allowed } });
    expect(ok.status).toBe(401);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/RateLimit-Remaining/);

    const other = await app.request('/api/me', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await app.request('/api/journeys', {
      method: 'OPTIONS',
      headers: {
        origin: allowed,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);

    const evilPreflight = await app.request('/api/journeys', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers at all when no origin is configured', async () => {
    const res = await appWith().request('/api/me', { headers: { origin: allowed } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sets secure headers on every answer, with a CSP the web app loads under', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'hardening-web-'));
    cleanups.push(() => rm(dist, { recursive: true, force: true }));
    await writeFile(
      join(dist, 'index.html'),
      '<!doctype html><script type="module" src="/assets/index.js"></script><div id="root"></div>',
    );
    const app = appWith({ webDistDir: dist });
    for (const path of ['/', '/healthz', '/api/me', '/nope']) {
      const res = await app.request(path, { headers: { accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp, path).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=/);
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    expect((await app.request('/')).status).toBe(200);
  });
});

describe('content type and body size', () => {
  it('answers 415 to a JSON route given another content type', async () => {
    const app = appWith();
    const { token } = await register(app);
    const asText = {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'x' }),
    };
    const res = await app.request('/api/journeys', asText);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({
      code: 'unsupported_media_type',
      details: { contentType: 'text/plain' },
    });
    const form = await app.request('/api/workspace/send-policy', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(form.status).toBe(415);
    const noType = await app.request('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'a@example.com', password: 'x' }),
    });
    expect(noType.status).toBe(415);
    // application/json with a charset, and +json types, are JSON.
    const charset = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ email: 'a@example.com', password: 'x' }),
    });
    expect(charset.status).toBe(401);
  });

  it('answers 413 past MAX_BODY_BYTES on JSON routes, on routes without a limit of their own, and on launch; launch CSV still works', async () => {
    const app = appWith({ config: { MAX_BODY_BYTES: '4096' } });
    const { token } = await register(app);
    const auth = { authorization: `Bearer ${token}` };
    const journeyId = await createJourney(app, token);
    const big = 'x'.repeat(5000);

    const journey = await app.request('/api/journeys', json({ name: big }, auth));
    expect(journey.status).toBe(413);
    expect(await errorCode(journey)).toBe('payload_too_large');
    const policy = await app.request('/api/workspace/send-policy', {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ timezone: big }),
    });
    expect(policy.status).toBe(413);
    const csv = await app.request(`/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: `phone,firstName\n${'+12125550100,Ada\n'.repeat(300)}`,
    });
    expect(csv.status).toBe(413);
    expect(await errorCode(csv)).toBe('payload_too_large');

    const small = await app.request(`/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: 'phone,firstName\n+12125550171,Ada\n',
    });
    expect(small.status).toBe(202);
    const upload = new FormData();
    upload.set('file', new File(['phone,firstName\n+12125550172,Bo\n'], 'contacts.csv', { type: 'text/csv' }));
    const multipart = await app.request(`/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      headers: auth,
      body: upload,
    });
    expect(multipart.status).toBe(202);
  });
});

interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  userId?: string;
  route?: string;
  status?: number;
  ms?: number;
}

/** A logger at trace level writing to memory, and its parsed lines. */
function capturingLogger() {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('test', 'trace', sink);
  const raw = () => chunks.join('');
  const lines = () =>
    raw()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);
  return { logger, raw, lines };
}

describe('log redaction', () => {
  it('never logs passwords, tokens or message bodies, and logs each request with id, user, route, status and latency', async () => {
    const { logger, raw, lines } = capturingLogger();
    const app = appWith({ logger });
    const marker = `body-marker-${uniqueName('m')}`;
    const { token, userId } = await register(app);
    const signIn = await app.request('/api/auth/login', json({ email: 'nobody@example.com', password: PASSWORD }));
    expect(signIn.status).toBe(401);
    const journeyId = await createJourney(app, token, marker);
    const launch = await app.request(
      `/api/journeys/${journeyId}/launch`,
      json(
        { contacts: [{ phone: '+12125550181', vars: { firstName: marker } }] },
        { authorization: `Bearer ${token}` },
      ),
    );
    expect(launch.status).toBe(202);

    // Direct calls too: whatever code logs these keys, they come out redacted.
    logger.info(
      {
        password: PASSWORD,
        token,
        body: marker,
        req: { headers: { authorization: `Bearer ${token}`, cookie: `session=${token}` } },
      },
      'direct',
    );
    logger.info({ message: { Body: marker, passwordHash: PASSWORD } }, 'nested');

    const text = raw();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(token);
    expect(text).not.toContain(marker);
    expect(text).toContain('[redacted]');

    const access = lines().filter((line) => line.msg === 'request');
    const launched = access.find((line) => line.route === '/api/journeys/:id/launch');
    expect(launched).toMatchObject({ status: 202, userId, requestId: expect.any(String) });
    expect(launched?.ms).toEqual(expect.any(Number));
    expect(access.find((line) => line.route === '/api/auth/login')).toMatchObject({
      status: 401,
      requestId: expect.any(String),
    });
  });
});

/** Parses the Prometheus text format into `name{labels}` -> value. */
function parseMetrics(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const split = line.lastIndexOf(' ');
    series.set(line.slice(0, split), Number(line.slice(split + 1)));
  }
  return series;
}

describe('/metrics', () => {
  it('exposes request durations by route pattern, queue depth, sends by status and active contacts', async () => {
    const prefix = testPrefix();
    const queue = createMessageQueue({ name: uniqueName('messages'), prefix, connection: redis });
    cleanups.push(() => queue.close());
    await queue.add('send', { n: 1 });
    await queue.add('send', { n: 2 }, { delay: 60_000 });
    const app = appWith({ metrics: { queue } });

    const { token } = await register(app);
    const auth = { authorization: `Bearer ${token}` };
    const journeyId = await createJourney(app, token);
    const launch = await app.request(
      `/api/journeys/${journeyId}/launch`,
      json({ contacts: [{ phone: '+12125550191', vars: { firstName: 'Ada' } }] }, auth),
    );
    const { runId } = (await launch.json()) as { runId: string };
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    await db.contact.updateMany({ where: { runId }, data: { state: 'waiting_reply' } });
    await db.messageLog.create({
      data: {
        workspaceId: run.workspaceId,
        idempotencyKey: uniqueName('metrics'),
        phone: '+12125550191',
        channel: 'sms',
        status: 'delivered',
      },
    });

    await app.request('/healthz');
    await app.request('/healthz');
    const missing = crypto.randomUUID();
    expect((await app.request(`/api/journeys/${missing}`, { headers: auth })).status).toBe(404);

    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const series = parseMetrics(text);
    expect(series.get('http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}')).toBe(2);
    expect(series.get('http_request_duration_seconds_count{method="GET",route="/api/journeys/:id",status="404"}')).toBe(
      1,
    );
    expect(
      series.get('http_request_duration_seconds_count{method="POST",route="/api/journeys/:id/launch",status="202"}'),
    ).toBe(1);
    expect(text).not.toContain(missing);
    expect(series.get('message_queue_jobs{state="waiting"}')).toBe(1);
    expect(series.get('message_queue_jobs{state="delayed"}')).toBe(1);
    expect(series.get('message_queue_jobs{state="active"}')).toBe(0);
    expect(series.get('message_queue_jobs{state="failed"}')).toBe(0);
    expect(series.get('message_sends{status="delivered"}')).toBeGreaterThanOrEqual(1);
    expect(series.get('active_contact_workflows')).toBeGreaterThanOrEqual(1);
  });

  it('still answers when a collector fails, counting the failure', async () => {
    const queue = { getJobCounts: () => Promise.reject(new Error('redis is down')) } as unknown as Pick<
      Queue,
      'getJobCounts'
    >;
    const app = appWith({ metrics: { queue } });
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    const series = parseMetrics(await res.text());
    expect(series.get('metrics_collect_errors_total{collector="message_queue"}')).toBe(1);
    expect([...series.keys()].some((key) => key.startsWith('message_queue_jobs'))).toBe(false);
    expect(series.has('active_contact_workflows')).toBe(true);

    // A database that does not answer: no sends series, and NaN rather than a false 0.
    const failing = () => Promise.reject(new Error('postgres is down'));
    const broken = createMetrics({
      logger: silent,
      db: { messageLog: { groupBy: failing }, contact: { count: failing } } as unknown as MetricsSources['db'],
    });
    const text = await broken.render();
    expect(text).toMatch(/^active_contact_workflows nan$/im); // prom-client writes "Nan"; Prometheus parses it case-insensitively
    expect(text).not.toMatch(/^message_sends\{/m);
    expect(parseMetrics(text).get('metrics_collect_errors_total{collector="message_sends"}')).toBe(1);
  });

  it('reads the database counts once per cache time, one query at a time, however many scrapes ask', async () => {
    const calls = { groupBy: 0, count: 0 };
    let failNext = false;
    const counting = {
      messageLog: {
        groupBy: (args: Parameters<typeof db.messageLog.groupBy>[0]) => {
          calls.groupBy += 1;
          return db.messageLog.groupBy(args as never);
        },
      },
      contact: {
        count: (args: Parameters<typeof db.contact.count>[0]) => {
          calls.count += 1;
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error('postgres is down'));
          }
          return db.contact.count(args);
        },
      },
    } as unknown as MetricsSources['db'];
    const metrics = createMetrics({ logger: silent, db: counting });
    const scrapes = await Promise.all([metrics.render(), metrics.render(), metrics.render()]);
    await metrics.render();
    expect(calls).toEqual({ groupBy: 1, count: 1 });
    for (const text of scrapes) expect(parseMetrics(text).has('active_contact_workflows')).toBe(true);

    // Past the cache time the next scrape reads again; a failed read is not kept.
    const fresh = createMetrics({ logger: silent, db: counting, dbCountsTtlMs: 0 });
    failNext = true;
    expect(await fresh.render()).toMatch(/^active_contact_workflows nan$/im);
    expect(parseMetrics(await fresh.render()).get('active_contact_workflows')).toBeGreaterThanOrEqual(0);
    expect(calls).toEqual({ groupBy: 3, count: 3 });
  });

  it('needs the bearer METRICS_TOKEN when one is set, and is never rate limited', async () => {
    const app = appWith({
      config: { RATE_LIMIT_ADDRESS_PER_MIN: '1', RATE_LIMIT_CREDENTIAL_PER_MIN: '1' },
      rateLimit: {},
      metrics: { token: 'scrape-secret-123' },
    });
    const missing = await app.request('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorCode(missing)).toBe('unauthenticated');
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    for (let n = 0; n < 3; n += 1) {
      const ok = await app.request('/metrics', { headers: { authorization: 'Bearer scrape-secret-123' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('is not served in production without METRICS_TOKEN, and is with one', async () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      SANDBOX: 'true',
      TWILIO_AUTH_TOKEN: 't'.repeat(32),
    };
    expect((await appWith({ config: production, metrics: {} }).request('/metrics')).status).toBe(404);
    const guarded = appWith({ config: production, metrics: { token: 'scrape-secret-456' } });
    expect((await guarded.request('/metrics')).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer scrape-secret-456' } })).status).toBe(
      200,
    );
  });

  it('is not mounted without the metrics option', async () => {
    expect((await appWith().request('/metrics')).status).toBe(404);
  });
});
