/**
 * What the web app needs from the API:
 * - a browser session by HttpOnly cookie (set on sign-in, cleared on sign-out), with the
 *   X-Requested-With CSRF header on requests that change data, Bearer still first;
 * - a per-user rate-limit budget for cookie sessions;
 * - GET /api/config, contacts with Temporal UI links, one contact with its messages, a run's
 *   frozen graph, launch previews (?dryRun=true) and the phone simulator's reply options;
 * - and, with every piece real, a live contact seen through all of them.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { rateLimitsOf } from '../api/middleware/rate-limit.js';
import { surveyJourney } from '../core/journey/fixtures.js';
import { SESSION_TTL_SECONDS, signSessionToken } from '../features/auth/tokens.js';
import { createDb } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import { createRedis, deleteKeysWithPrefix } from '../infra/redis.js';
import { createTemporalClient } from '../infra/temporal.js';
import { stateQuery } from '../workflows/contract/index.js';
import { testConfig, uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

// A task queue no worker polls: launched runs stay put, so rows are what the test wrote.
const config = testConfig({
  TEMPORAL_TASK_QUEUE: uniqueName('web-api'),
  TEMPORAL_UI_URL: 'http://temporal-ui.test:8233/',
});
const db = createDb(config.DATABASE_URL);
const temporal = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const redis = createRedis(config.REDIS_URL);
const logger = createLogger('test', 'silent');
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
  await db.$disconnect();
  await temporal.connection.close();
  redis.disconnect();
});

interface TAppOptions {
  config?: Record<string, string>;
  /** Rate limits on, the socket address read from the test header X-Test-Socket. */
  rateLimit?: boolean;
}

function appWith(options: TAppOptions = {}) {
  const appConfig = options.config
    ? testConfig({ TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, ...options.config })
    : config;
  const prefix = `${config.REDIS_PREFIX}:${uniqueName('web-api')}`;
  if (options.rateLimit) prefixes.push(prefix);
  return createApp({
    logger,
    readinessChecks: [],
    readinessTimeoutMs: 100,
    api: { config: appConfig, db, temporal: temporal.client },
    ...(options.rateLimit
      ? {
          rateLimit: {
            redis,
            prefix,
            ...rateLimitsOf(appConfig),
            tokenConfig: appConfig,
            trustProxy: 0,
            remoteAddress: (c) => c.req.header('x-test-socket'),
          },
        }
      : {}),
  });
}
type TApp = ReturnType<typeof appWith>;

const app = appWith();
const PASSWORD = 'correct-horse-battery';
const WEB = { 'x-requested-with': 'initucastt-web' };

interface TSession {
  token: string;
  /** The session cookie's value, from Set-Cookie. */
  cookie: string;
  setCookie: string;
  userId: string;
  workspaceId: string;
  email: string;
}

/** The `initucastt_session` Set-Cookie header of an answer, if any. */
function sessionSetCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith('initucastt_session='));
}

function cookieValue(setCookie: string): string {
  return setCookie.slice('initucastt_session='.length).split(';')[0]!;
}

/** Attributes of a Set-Cookie line after the value, lowercased name -> value ('' for flags). */
function attributes(setCookie: string): Record<string, string> {
  return Object.fromEntries(
    setCookie
      .split(';')
      .slice(1)
      .map((part) => part.trim().split('='))
      .map(([name, value]) => [name!.toLowerCase(), value ?? '']),
  );
}

function json(body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

async function signUp(target: TApp = app, headers: Record<string, string> = {}): Promise<TSession> {
  const email = `${uniqueName('web')}@example.com`;
  const res = await target.request('/api/auth/register', json({ email, password: PASSWORD, name: 'Web' }, headers));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { token: string; user: { id: string; workspaceId: string; email: string } };
  const setCookie = sessionSetCookie(res)!;
  return {
    token: body.token,
    cookie: cookieValue(setCookie),
    setCookie,
    userId: body.user.id,
    workspaceId: body.user.workspaceId,
    email: body.user.email,
  };
}

const byCookie = (cookie: string, headers: Record<string, string> = {}) => ({
  cookie: `initucastt_session=${cookie}`,
  ...headers,
});
const byBearer = (token: string, headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...headers,
});

async function errorOf(res: Response): Promise<{ code: string; message: string; details?: unknown }> {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

async function createSurvey(
  target: TApp,
  token: string,
  mutate: (journey: ReturnType<typeof surveyJourney>) => void = () => undefined,
): Promise<string> {
  const journey = surveyJourney();
  mutate(journey);
  const res = await target.request('/api/journeys', json(journey, byBearer(token)));
  expect(res.status).toBe(201);
  return ((await res.json()) as { journey: { id: string } }).journey.id;
}

/** A valid US number (exchange 72[2-9]) random enough that no other contact of this run shares it. */
function uniquePhone(): string {
  return `+141572${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

describe('browser session by cookie', () => {
  it('sets the session cookie on register and login: the token of the body, HttpOnly, SameSite=Strict, Path=/, Max-Age of the token, not Secure over http', async () => {
    const session = await signUp();
    expect(session.cookie).toBe(session.token);
    const login = await app.request('/api/auth/login', json({ email: session.email, password: PASSWORD }));
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const setCookie = sessionSetCookie(login)!;
    expect(cookieValue(setCookie)).toBe(token);
    for (const line of [session.setCookie, setCookie]) {
      expect(attributes(line)).toEqual({
        'max-age': String(SESSION_TTL_SECONDS),
        path: '/',
        httponly: '',
        samesite: 'Strict',
      });
    }
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(SESSION_TTL_SECONDS);

    // A refused login sets nothing.
    const refused = await app.request('/api/auth/login', json({ email: session.email, password: 'wrong-password' }));
    expect(refused.status).toBe(401);
    expect(sessionSetCookie(refused)).toBeUndefined();
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = appWith({ config: { PUBLIC_URL: 'https://app.example.com' } });
    const session = await signUp(secure);
    expect(attributes(session.setCookie)).toMatchObject({ secure: '', httponly: '', samesite: 'Strict' });
    const logout = await secure.request('/api/auth/logout', { method: 'POST' });
    expect(attributes(sessionSetCookie(logout)!)).toMatchObject({ secure: '', 'max-age': '0' });
  });

  it('authenticates reads by cookie; a write needs X-Requested-With (403 saying why, nothing written) and works with it', async () => {
    const session = await signUp();
    const me = await app.request('/api/me', { headers: byCookie(session.cookie) });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(session.userId);

    const forged = await app.request('/api/journeys', json(surveyJourney(), byCookie(session.cookie)));
    expect(forged.status).toBe(403);
    const error = await errorOf(forged);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/X-Requested-With: initucastt-web/);
    expect(error.message).toMatch(/CORS preflight/);
    const wrongValue = await app.request(
      '/api/journeys',
      json(surveyJourney(), byCookie(session.cookie, { 'x-requested-with': 'XMLHttpRequest' })),
    );
    expect(wrongValue.status).toBe(403);
    expect(await db.journey.count({ where: { workspaceId: session.workspaceId } })).toBe(0);

    const created = await app.request('/api/journeys', json(surveyJourney(), byCookie(session.cookie, WEB)));
    expect(created.status).toBe(201);
    const journeyId = ((await created.json()) as { journey: { id: string } }).journey.id;
    const renamed = await app.request(
      `/api/journeys/${journeyId}`,
      json({ name: 'Renamed' }, byCookie(session.cookie), 'PUT'),
    );
    expect(renamed.status).toBe(403);
    const deleted = await app.request(`/api/journeys/${journeyId}`, {
      method: 'DELETE',
      headers: byCookie(session.cookie),
    });
    expect(deleted.status).toBe(403);
    expect(await db.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({
      name: 'Satisfaction survey',
    });
  });

  it('keeps Bearer working without the header, and Bearer first: a bad Bearer is refused whatever the cookie says', async () => {
    const ada = await signUp();
    const bo = await signUp();
    expect((await app.request('/api/journeys', json(surveyJourney(), byBearer(ada.token)))).status).toBe(201);

    const both = await app.request('/api/me', { headers: { ...byBearer(ada.token), ...byCookie(bo.cookie) } });
    expect(((await both.json()) as { user: { id: string } }).user.id).toBe(ada.userId);
    const badBearer = await app.request('/api/me', { headers: { ...byBearer('not.a.token'), ...byCookie(bo.cookie) } });
    expect(badBearer.status).toBe(401);
    expect(badBearer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('clears the cookie on logout (204, with or without a session); the browser then has no session', async () => {
    const session = await signUp();
    for (const headers of [byCookie(session.cookie), {}]) {
      const res = await app.request('/api/auth/logout', { method: 'POST', headers });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      const cleared = sessionSetCookie(res)!;
      expect(cookieValue(cleared)).toBe('');
      expect(attributes(cleared)).toEqual({ 'max-age': '0', path: '/', httponly: '', samesite: 'Strict' });
    }
    // What the browser sends once the cookie is gone.
    const after = await app.request('/api/me');
    expect(after.status).toBe(401);
  });

  it('answers an expired, garbage or orphaned cookie 401 unauthenticated, on reads and writes alike', async () => {
    const session = await signUp();
    const claims = {
      userId: session.userId,
      workspaceId: session.workspaceId,
      role: 'admin' as const,
      email: session.email,
    };
    const expired = await signSessionToken(config, claims, new Date(Date.now() - (SESSION_TTL_SECONDS + 60) * 1000));
    const forged = await signSessionToken(
      { ...config, JWT_SECRET: 'another-secret-that-is-at-least-32-chars' },
      claims,
    );
    const gone = await signUp();
    await db.user.delete({ where: { id: gone.userId } });
    for (const [label, cookie] of [
      ['expired', expired],
      ['garbage', 'garbage'],
      ['forged', forged],
      ['oversized', 'x'.repeat(5000)],
      ['orphaned', gone.cookie],
    ] as const) {
      for (const res of [
        await app.request('/api/journeys', { headers: byCookie(cookie) }),
        await app.request('/api/journeys', json(surveyJourney(), byCookie(cookie, WEB))),
      ]) {
        expect(res.status, label).toBe(401);
        const error = await errorOf(res);
        expect(error.code, label).toBe('unauthenticated');
        expect(error.message, label).toMatch(/session cookie refused/);
      }
    }
    expect(await db.journey.count({ where: { workspaceId: session.workspaceId } })).toBe(0);
  });

  it('allows X-Requested-With from allowed origins (CORS preflight)', async () => {
    const origin = 'https://app.example.com';
    const cors = appWith({ config: { CORS_ORIGINS: origin } });
    const preflight = await cors.request('/api/journeys', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-requested-with',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toContain(
      'x-requested-with',
    );
  });
});

describe('rate limits for the web app', () => {
  it("counts cookie sessions against their user's credential budget; bad cookies spend the address's", async () => {
    const limited = appWith({
      config: {
        RATE_LIMIT_CREDENTIAL_PER_MIN: '3',
        RATE_LIMIT_ADDRESS_PER_MIN: '5',
        RATE_LIMIT_SIGNUP_PER_15MIN: '10',
      },
      rateLimit: true,
    });
    const office = { 'x-test-socket': '192.0.2.77' };
    const ada = await signUp(limited, office);
    const bo = await signUp(limited, office);

    for (let n = 1; n <= 3; n += 1) {
      const res = await limited.request('/api/me', { headers: byCookie(ada.cookie, office) });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(3 - n));
    }
    const refused = await limited.request('/api/me', { headers: byCookie(ada.cookie, office) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await errorOf(refused)).toMatchObject({ code: 'rate_limited', details: { scope: 'credential', limit: 3 } });
    // Ada's bearer token is Ada too: the same budget, spent.
    expect((await limited.request('/api/me', { headers: byBearer(ada.token, office) })).status).toBe(429);

    // Same address, another user: a budget of their own.
    const other = await limited.request('/api/me', { headers: byCookie(bo.cookie, office) });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe('2');
    // A cookie that does not verify cannot reach a user's budget: it spends the address's.
    const garbage = await limited.request('/api/me', { headers: byCookie('garbage', office) });
    expect(garbage.status).toBe(401);
    expect([garbage.headers.get('ratelimit-limit'), garbage.headers.get('ratelimit-remaining')]).toEqual(['5', '4']);
    // Sign-in spends no request budget (the sign-in guard counts failures), logout the caller's.
    const login = await limited.request('/api/auth/login', json({ email: ada.email, password: PASSWORD }, office));
    expect(login.status).toBe(200);
    expect(login.headers.get('ratelimit-limit')).toBeNull();
    const logout = await limited.request('/api/auth/logout', { method: 'POST', headers: byCookie(bo.cookie, office) });
    expect(logout.status).toBe(204);
    expect([logout.headers.get('ratelimit-limit'), logout.headers.get('ratelimit-remaining')]).toEqual(['3', '1']);

    const prefix = prefixes.at(-1)!;
    // Every page of the scan: COUNT is a hint, and a shared Redis holds other suites' keys too.
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix}:ratelimit:credential:*`, 'COUNT', 1000);
      keys.push(...page);
      cursor = next;
    } while (cursor !== '0');
    expect(keys.sort()).toEqual(
      [`${prefix}:ratelimit:credential:user:${ada.userId}`, `${prefix}:ratelimit:credential:user:${bo.userId}`].sort(),
    );
  });
});

describe('GET /api/config', () => {
  it('says whether the sandbox plays Twilio, whether replies can be classified by intent and where Temporal UI is', async () => {
    const session = await signUp();
    const res = await app.request('/api/config', { headers: byCookie(session.cookie) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sandbox: true,
      intentClassifier: false,
      temporalUi: { baseUrl: 'http://temporal-ui.test:8233', namespace: config.TEMPORAL_NAMESPACE },
    });

    const real = appWith({
      config: {
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'real-token',
        TEMPORAL_NAMESPACE: 'prod',
        OPENAI_API_KEY: 'sk-test',
      },
    });
    const answer = (await (await real.request('/api/config', { headers: byBearer(session.token) })).json()) as {
      sandbox: boolean;
      temporalUi: { namespace: string };
    };
    expect(answer).toMatchObject({ sandbox: false, intentClassifier: true, temporalUi: { namespace: 'prod' } });
    expect((await app.request('/api/config')).status).toBe(401);
  });
});

interface TContactBody {
  id: string;
  runId: string;
  phone: string;
  workflowId: string;
  temporalUiUrl: string;
  messages?: {
    id: string;
    nodeId: string | null;
    body: string | null;
    status: string;
    errorCode: number | null;
    attempts: number;
    twilioSid: string | null;
    createdAt: string;
  }[];
}

/** A workspace with a survey run of `phones` (no worker: the contacts stay queued). */
async function launchedRun(phones: string[]) {
  const session = await signUp();
  const journeyId = await createSurvey(app, session.token);
  const launch = await app.request(
    `/api/journeys/${journeyId}/launch`,
    json({ contacts: phones.map((phone) => ({ phone, vars: { firstName: 'Ada' } })) }, byCookie(session.cookie, WEB)),
  );
  expect(launch.status).toBe(202);
  const { runId } = (await launch.json()) as { runId: string };
  const contacts = await db.contact.findMany({ where: { runId }, orderBy: { phone: 'asc' } });
  return { session, journeyId, runId, contacts };
}

describe('runs: contact links, one contact with its messages, the frozen graph', () => {
  it('links every contact to its workflow in Temporal UI', async () => {
    const { session, runId, contacts } = await launchedRun([uniquePhone(), uniquePhone()]);
    const res = await app.request(`/api/runs/${runId}/contacts`, { headers: byCookie(session.cookie) });
    const { items } = (await res.json()) as { items: TContactBody[] };
    expect(items.map((item) => item.id).sort()).toEqual(contacts.map((c) => c.id).sort());
    for (const item of items) {
      expect(item.workflowId).toBe(`run-${runId}-contact-${item.id}`);
      expect(item.temporalUiUrl).toBe(
        `http://temporal-ui.test:8233/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/run-${runId}-contact-${item.id}`,
      );
    }
  });

  it("answers one contact with its own messages, oldest first; another run's or workspace's contact is 404", async () => {
    const { session, runId, contacts } = await launchedRun([uniquePhone(), uniquePhone()]);
    const [contact, sibling] = contacts as [(typeof contacts)[0], (typeof contacts)[0]];
    const log = (contactId: string, nodeId: string, createdAt: string, extra: Record<string, unknown> = {}) =>
      db.messageLog.create({
        data: {
          workspaceId: session.workspaceId,
          idempotencyKey: uniqueName('key'),
          runId,
          contactId,
          nodeId,
          phone: contact.phone,
          channel: 'sms',
          body: `${nodeId} body`,
          status: 'delivered',
          attempts: 1,
          createdAt: new Date(createdAt),
          ...extra,
        },
      });
    // Written newest first, so the order comes from the query, not from insertion.
    const later = await log(contact.id, 'thanks-yes', '2026-03-01T10:05:00.000Z', {
      twilioSid: `SM${randomUUID().replaceAll('-', '')}`,
    });
    const earlier = await log(contact.id, 'ask', '2026-03-01T10:00:00.000Z', {
      status: 'failed',
      errorCode: 30003,
      attempts: 4,
    });
    await log(sibling.id, 'ask', '2026-03-01T10:01:00.000Z');

    const res = await app.request(`/api/runs/${runId}/contacts/${contact.id}`, { headers: byCookie(session.cookie) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TContactBody;
    expect(body).toMatchObject({
      id: contact.id,
      runId,
      phone: contact.phone,
      workflowId: `run-${runId}-contact-${contact.id}`,
    });
    expect(body.messages?.map((m) => [m.id, m.nodeId, m.status, m.errorCode, m.attempts])).toEqual([
      [earlier.id, 'ask', 'failed', 30003, 4],
      [later.id, 'thanks-yes', 'delivered', null, 1],
    ]);
    expect(body.messages?.[1]?.twilioSid).toBe(later.twilioSid);

    const notFound = async (path: string, cookie = session.cookie) => {
      const answer = await app.request(path, { headers: byCookie(cookie) });
      return { status: answer.status, body: await answer.json() };
    };
    // A contact of another run of the same workspace is not this run's.
    const other = await launchedRun([uniquePhone()]);
    expect(await notFound(`/api/runs/${runId}/contacts/${other.contacts[0]!.id}`, other.session.cookie)).toMatchObject({
      status: 404,
    });
    const theirs = await notFound(`/api/runs/${runId}/contacts/${contact.id}`, other.session.cookie);
    expect(theirs).toEqual(await notFound(`/api/runs/${randomUUID()}/contacts/${contact.id}`, other.session.cookie));
    expect(theirs).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'No such run.' } } });
    expect(await notFound(`/api/runs/${runId}/contacts/${randomUUID()}`)).toEqual(
      await notFound(`/api/runs/${runId}/contacts/not-a-uuid`),
    );
  });

  it('answers the journey version the run was launched with, not the journey as edited since', async () => {
    const { session, journeyId, runId } = await launchedRun([uniquePhone()]);
    const edited = surveyJourney();
    edited.nodes = edited.nodes.filter((node) => node.id !== 'no-answer');
    edited.edges = edited.edges.filter((edge) => edge.source !== 'no-answer' && edge.target !== 'no-answer');
    expect(
      (
        await app.request(
          `/api/journeys/${journeyId}`,
          json({ name: 'Edited', nodes: edited.nodes, edges: edited.edges }, byBearer(session.token), 'PUT'),
        )
      ).status,
    ).toBe(200);

    const res = await app.request(`/api/runs/${runId}/graph`, { headers: byCookie(session.cookie) });
    expect(res.status).toBe(200);
    const graph = (await res.json()) as {
      journeyId: string;
      versionId: string;
      version: number;
      name: string;
      nodes: { id: string }[];
      edges: unknown[];
    };
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    const original = surveyJourney();
    expect(graph).toMatchObject({
      journeyId,
      versionId: run.journeyVersionId,
      version: 1,
      name: 'Satisfaction survey',
    });
    expect(graph.nodes.map((node) => node.id)).toEqual(original.nodes.map((node) => node.id));
    expect(graph.edges).toHaveLength(original.edges.length);

    const stranger = await signUp();
    expect((await app.request(`/api/runs/${runId}/graph`, { headers: byCookie(stranger.cookie) })).status).toBe(404);
  });
});

interface TLaunchAnswer {
  dryRun?: true;
  total?: number;
  runId?: string;
  accepted: number;
  rejected: { row: number; phone: string; reason: string }[];
}

describe('launch preview (?dryRun=true)', () => {
  it('answers what the launch then reports (duplicates, opted out, missing variables, bad phones) and creates nothing', async () => {
    const session = await signUp();
    const journeyId = await createSurvey(app, session.token);
    const [good, optedOut, national] = [uniquePhone(), uniquePhone(), uniquePhone()];
    await db.optOut.create({ data: { workspaceId: session.workspaceId, phone: optedOut, keyword: 'STOP' } });
    const audience = {
      defaultCountry: 'US',
      contacts: [
        { phone: good, vars: { firstName: 'Ada' } },
        { phone: good, vars: { firstName: 'Again' } },
        { phone: optedOut, vars: { firstName: 'Bo' } },
        { phone: national.slice(2), vars: { firstName: 'Cy' } },
        { phone: uniquePhone() },
        { phone: 'not-a-phone', vars: { firstName: 'Di' } },
      ],
    };
    const rows = async () => ({
      runs: await db.run.count({ where: { workspaceId: session.workspaceId } }),
      contacts: await db.contact.count({ where: { workspaceId: session.workspaceId } }),
      versions: await db.journeyVersion.count({ where: { workspaceId: session.workspaceId } }),
    });

    const preview = await app.request(
      `/api/journeys/${journeyId}/launch?dryRun=true`,
      json(audience, byCookie(session.cookie, WEB)),
    );
    expect(preview.status).toBe(200);
    const previewed = (await preview.json()) as TLaunchAnswer;
    expect(previewed).toMatchObject({ dryRun: true, total: 6, accepted: 2 });
    expect(previewed.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, 'duplicate of row 1'],
      [3, 'opted out'],
      [5, 'missing variable(s): firstName'],
      [6, expect.any(String)],
    ]);
    expect(await rows()).toEqual({ runs: 0, contacts: 0, versions: 0 });

    const launch = await app.request(
      `/api/journeys/${journeyId}/launch`,
      json(audience, byCookie(session.cookie, WEB)),
    );
    expect(launch.status).toBe(202);
    const launched = (await launch.json()) as TLaunchAnswer;
    expect(launched.accepted).toBe(previewed.accepted);
    expect(launched.rejected).toEqual(previewed.rejected);
    expect(await rows()).toEqual({ runs: 1, contacts: 2, versions: 1 });
    expect(
      (await db.contact.findMany({ where: { runId: launched.runId! }, select: { phone: true } }))
        .map((c) => c.phone)
        .sort(),
    ).toEqual([good, national].sort());
  });

  it('forecasts messages per channel, SMS segments, the first wave, WhatsApp sends outside the window and opt-outs', async () => {
    const session = await signUp();
    const thanks = `Thanks {{firstName}}! ${'x'.repeat(150)}`;
    const journeyId = await createSurvey(app, session.token, (journey) => {
      const at = { x: 0, y: 0 };
      journey.nodes = [
        { id: 'start', type: 'start', position: at, data: {} },
        { id: 'hi', type: 'message', position: at, data: { channel: 'whatsapp', body: 'Hi {{firstName}}, coming?' } },
        {
          id: 'reply',
          type: 'waitForReply',
          position: at,
          data: { timeout: 'P1D', branches: [{ id: 'yes', match: 'equals', value: 'yes' }] },
        },
        { id: 'thanks', type: 'message', position: at, data: { channel: 'sms', body: thanks } },
        { id: 'end', type: 'end', position: at, data: {} },
      ];
      journey.edges = [
        { id: 'a', source: 'start', target: 'hi' },
        { id: 'b', source: 'hi', target: 'reply' },
        { id: 'c', source: 'reply', sourceHandle: 'yes', target: 'thanks' },
        { id: 'd', source: 'reply', sourceHandle: 'timeout', target: 'end' },
        { id: 'e', source: 'thanks', target: 'end' },
      ];
    });
    const [ada, bo, optedOut] = [uniquePhone(), uniquePhone(), uniquePhone()];
    await db.optOut.create({ data: { workspaceId: session.workspaceId, phone: optedOut, keyword: 'STOP' } });
    const wrote = (from: string, to: string, hoursAgo: number) =>
      db.inboundMessage.create({
        data: {
          messageSid: `SM${uniqueName('w').replace(/\W/g, '')}`,
          from,
          to,
          channel: 'whatsapp',
          body: 'hello',
          receivedAt: new Date(Date.now() - hoursAgo * 3_600_000),
        },
      });
    // Bo wrote to the workspace's WhatsApp number an hour ago: his window is open. Ada wrote
    // too long ago, and to another number: hers is not.
    await wrote(bo, 'whatsapp:+14155238886', 1);
    await wrote(ada, 'whatsapp:+14155238886', 25);
    await wrote(ada, 'whatsapp:+15005550999', 1);

    const preview = await app.request(
      `/api/journeys/${journeyId}/launch?dryRun=true`,
      json(
        {
          contacts: [
            { phone: ada, vars: { firstName: 'Ada' } },
            { phone: bo, vars: { firstName: 'Bo' } },
            { phone: optedOut, vars: { firstName: 'Cy' } },
          ],
        },
        byBearer(session.token),
      ),
    );
    expect(preview.status).toBe(200);
    const { forecast } = (await preview.json()) as { forecast: unknown };
    expect(forecast).toEqual({
      // Each contact: the WhatsApp question surely, the SMS thanks only if they answer yes.
      messages: { min: 2, max: 4 },
      byChannel: { whatsapp: { min: 2, max: 2 }, sms: { min: 0, max: 2 } },
      // "Thanks Ada! " and 150 x: 162 GSM-7 characters, two segments each.
      segments: { min: 0, max: 4 },
      // Two first messages at 50 a second, no send window.
      drainSeconds: 1,
      outsideWindow: 1,
      optedOut: 1,
    });
  });

  it('reads a multipart CSV like the launch does, and refuses exactly what the launch refuses', async () => {
    const session = await signUp();
    const journeyId = await createSurvey(app, session.token);
    const phone = uniquePhone();
    const upload = () => {
      const form = new FormData();
      form.set(
        'file',
        new File([`mobile,firstName\n${phone},Ada\n${phone},Dup\n+1415,Short\n`], 'audience.csv', { type: 'text/csv' }),
      );
      return form;
    };
    const preview = await app.request(`/api/journeys/${journeyId}/launch?dryRun=true`, {
      method: 'POST',
      headers: byBearer(session.token),
      body: upload(),
    });
    expect(preview.status).toBe(200);
    const previewed = (await preview.json()) as TLaunchAnswer;
    expect(previewed).toMatchObject({ dryRun: true, total: 3, accepted: 1 });
    const launch = await app.request(`/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      headers: byBearer(session.token),
      body: upload(),
    });
    expect(launch.status).toBe(202);
    expect((await launch.json()) as TLaunchAnswer).toMatchObject({
      accepted: previewed.accepted,
      rejected: previewed.rejected,
    });

    // Nobody launchable: the same 400, with every row's reason, for both; no run from the dry run.
    const nobody = { contacts: [{ phone: 'nope' }] };
    const runsBefore = await db.run.count({ where: { workspaceId: session.workspaceId } });
    const refusedPreview = await app.request(
      `/api/journeys/${journeyId}/launch?dryRun=true`,
      json(nobody, byBearer(session.token)),
    );
    const refusedLaunch = await app.request(`/api/journeys/${journeyId}/launch`, json(nobody, byBearer(session.token)));
    expect(refusedPreview.status).toBe(400);
    expect(await refusedPreview.json()).toEqual(await refusedLaunch.json());
    // A journey with problems: the same 400 too.
    const broken = await createSurvey(app, session.token, (journey) => {
      journey.edges = journey.edges.filter((edge) => edge.target !== 'end');
    });
    const brokenPreview = await app.request(
      `/api/journeys/${broken}/launch?dryRun=true`,
      json(audienceOf(phone), byBearer(session.token)),
    );
    const brokenLaunch = await app.request(
      `/api/journeys/${broken}/launch`,
      json(audienceOf(phone), byBearer(session.token)),
    );
    expect(brokenPreview.status).toBe(400);
    expect(await brokenPreview.json()).toEqual(await brokenLaunch.json());
    expect(await db.run.count({ where: { workspaceId: session.workspaceId } })).toBe(runsBefore);

    const badFlag = await app.request(
      `/api/journeys/${journeyId}/launch?dryRun=yes`,
      json(audienceOf(phone), byBearer(session.token)),
    );
    expect(badFlag.status).toBe(400);
  });
});

function audienceOf(phone: string) {
  return { contacts: [{ phone, vars: { firstName: 'Ada' } }] };
}

interface TReplyOption {
  runId: string;
  contactId: string;
  journeyName: string;
  nodeId: string;
  until: string | null;
  branches: { id: string; match: string; value?: string }[];
}

async function replyOptions(
  target: { request: TApp['request'] } | ((path: string, init: RequestInit) => Promise<Response>),
  cookie: string,
  phone: string,
): Promise<TReplyOption[]> {
  const request =
    typeof target === 'function'
      ? target
      : (path: string, init: RequestInit) => Promise.resolve(target.request(path, init));
  const res = await request(`/api/reply-options?phone=${encodeURIComponent(phone)}`, { headers: byCookie(cookie) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: TReplyOption[] }).items;
}

describe('GET /api/reply-options', () => {
  it("lists the caller's contacts of that phone waiting at a waitForReply node, with its branches; not other workspaces'", async () => {
    const phone = uniquePhone();
    const { session, runId, contacts } = await launchedRun([phone]);
    const waitingSince = '2026-03-01T10:00:00.000Z';
    // As the workflow mirrors it: at the node, waiting for a reply, the visit on its path.
    await db.contact.update({
      where: { id: contacts[0]!.id },
      data: {
        state: 'waiting_reply',
        cursor: 'reply',
        history: [
          { at: '2026-03-01T09:59:59.000Z', kind: 'visit', nodeId: 'ask' },
          { at: waitingSince, kind: 'visit', nodeId: 'reply' },
        ],
      },
    });
    expect(await replyOptions(app, session.cookie, phone)).toEqual([
      {
        runId,
        contactId: contacts[0]!.id,
        journeyName: 'Satisfaction survey',
        nodeId: 'reply',
        until: '2026-03-02T10:00:00.000Z',
        branches: [
          { id: 'yes', match: 'equals', value: 'yes' },
          { id: 'no', match: 'equals', value: 'no' },
        ],
      },
    ]);

    // Another workspace with a contact of the same phone sees only its own, and none waits.
    const other = await launchedRun([phone]);
    expect(await replyOptions(app, other.session.cookie, phone)).toEqual([]);
    // Its contact waits too: each workspace sees exactly its own.
    await db.contact.update({
      where: { id: other.contacts[0]!.id },
      data: {
        state: 'waiting_reply',
        cursor: 'reply',
        history: [{ at: waitingSince, kind: 'visit', nodeId: 'reply' }],
      },
    });
    expect((await replyOptions(app, other.session.cookie, phone)).map((o) => o.runId)).toEqual([other.runId]);
    expect((await replyOptions(app, session.cookie, phone)).map((o) => o.runId)).toEqual([runId]);

    // A contact that waits on a timer, or has moved on, offers nothing.
    await db.contact.update({ where: { id: contacts[0]!.id }, data: { state: 'waiting', cursor: 'reply' } });
    expect(await replyOptions(app, session.cookie, phone)).toEqual([]);
    expect(
      (await app.request('/api/reply-options?phone=4155550100', { headers: byCookie(session.cookie) })).status,
    ).toBe(400);
  });
});

describe('a live contact through the web API, every piece real', () => {
  let stack: Awaited<ReturnType<typeof startSendStack>>;
  beforeAll(async () => {
    stack = await startSendStack();
  });
  afterAll(() => stack.stop());

  /** Polls `read` until `done`; bounded, so a stuck workflow fails the test instead of hanging it. */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    for (let i = 0; i < 300; i += 1) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  it('shows the waiting contact its answers, its workflow, its messages and its conversation, and moves on with the reply', async () => {
    const request = (path: string, init: RequestInit = {}) => stack.request(path, init);
    const register = await request(
      '/api/auth/register',
      json({ email: `${uniqueName('live')}@example.com`, password: PASSWORD, name: 'Live' }),
    );
    const cookie = cookieValue(sessionSetCookie(register)!);
    const web = (headers: Record<string, string> = {}) => byCookie(cookie, { ...WEB, ...headers });
    const created = await request('/api/journeys', json(surveyJourney(), web()));
    const journeyId = ((await created.json()) as { journey: { id: string } }).journey.id;
    const phone = uniquePhone();
    const launch = await request(`/api/journeys/${journeyId}/launch`, json(audienceOf(phone), web()));
    expect(launch.status).toBe(202);
    const { runId } = (await launch.json()) as { runId: string };

    const [option] = await until(
      () => replyOptions(request, cookie, phone),
      (items) => items.length === 1,
      'the contact to wait for a reply',
    );
    expect(option).toMatchObject({
      runId,
      nodeId: 'reply',
      branches: [
        { id: 'yes', match: 'equals', value: 'yes' },
        { id: 'no', match: 'equals', value: 'no' },
      ],
    });

    // The link is the workflow's real id; its own deadline is the one reply-options computed.
    const contactPath = `/api/runs/${runId}/contacts/${option!.contactId}`;
    const contact = (await (await request(contactPath, { headers: web() })).json()) as TContactBody;
    const state = await stack.client.workflow.getHandle(contact.workflowId).query(stateQuery);
    expect(state.waiting).toMatchObject({ nodeId: 'reply', for: 'reply' });
    expect(option!.until).toBe(state.waiting!.until);
    expect(contact.messages?.map((m) => [m.nodeId, m.body])).toEqual([
      ['ask', 'Hi Ada, did you enjoy your visit? Reply YES or NO.'],
    ]);
    expect(contact.messages?.[0]?.twilioSid).toMatch(/^SM/);

    // As the simulator page sends it: the session cookie and the web app's header.
    const answered = await request('/sandbox/reply', {
      method: 'POST',
      headers: web({ 'content-type': 'application/json' }),
      body: JSON.stringify({ from: phone, body: 'Yes' }),
    });
    expect(((await answered.json()) as { webhookStatus: number }).webhookStatus).toBe(200);
    const done = await until(
      async () => (await (await request(contactPath, { headers: web() })).json()) as TContactBody & { state: string },
      (body) => body.state === 'done' && body.messages?.length === 2,
      'the contact to finish',
    );
    expect(done.messages?.map((m) => m.nodeId)).toEqual(['ask', 'thanks-yes']);
    expect(await replyOptions(request, cookie, phone)).toEqual([]);

    // The simulator's view of the phone: the whole conversation in order, both directions.
    const conversation = await until(
      async () => {
        const res = await request(`/sandbox/messages?to=${encodeURIComponent(phone)}`, { headers: web() });
        return (
          (await res.json()) as {
            messages: {
              direction: string;
              channel: string;
              body: string | null;
              status: string;
              dateCreated: string;
            }[];
          }
        ).messages;
      },
      (messages) => messages.length === 3,
      'the conversation',
    );
    expect(conversation.map((m) => [m.direction, m.channel, m.body])).toEqual([
      ['outbound-api', 'sms', 'Hi Ada, did you enjoy your visit? Reply YES or NO.'],
      ['inbound', 'sms', 'Yes'],
      ['outbound-api', 'sms', 'Great to hear, Ada! See you soon.'],
    ]);
    expect(conversation[1]?.status).toBe('received');
    expect(conversation.every((m) => !Number.isNaN(Date.parse(m.dateCreated)))).toBe(true);

    // Another workspace sees none of it and cannot answer as that phone; no session, no simulator.
    const other = await request(
      '/api/auth/register',
      json({ email: `${uniqueName('other')}@example.com`, password: PASSWORD, name: 'Other' }),
    );
    const otherWeb = byCookie(cookieValue(sessionSetCookie(other)!), WEB);
    const otherPhones = (await (await request('/sandbox/phones', { headers: otherWeb })).json()) as {
      phones: Array<{ phone: string }>;
    };
    expect(otherPhones.phones.map((p) => p.phone)).not.toContain(phone);
    const mine = (await (await request('/sandbox/phones', { headers: web() })).json()) as {
      phones: Array<{ phone: string; messageCount: number }>;
    };
    expect(mine.phones.find((p) => p.phone === phone)?.messageCount).toBe(3);
    const peek = await request(`/sandbox/messages?to=${encodeURIComponent(phone)}`, { headers: otherWeb });
    expect(((await peek.json()) as { messages: unknown[] }).messages).toEqual([]);
    const forged = await request('/sandbox/reply', {
      method: 'POST',
      headers: { ...otherWeb, 'content-type': 'application/json' },
      body: JSON.stringify({ from: phone, body: 'STOP' }),
    });
    expect(forged.status).toBe(404);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const toForeignNumber = await request('/sandbox/reply', {
      method: 'POST',
      headers: web({ 'content-type': 'application/json' }),
      body: JSON.stringify({ from: phone, body: 'hi', to: '+15005550999' }),
    });
    expect(toForeignNumber.status).toBe(403);
    for (const path of ['/sandbox/phones', `/sandbox/messages?to=${encodeURIComponent(phone)}`]) {
      expect((await request(path)).status).toBe(401);
    }
    // The fault rules, attempt log and rate reach every workspace's sends: the operator's alone.
    for (const path of ['/sandbox/faults', '/sandbox/attempts', '/sandbox/stats/rate']) {
      expect((await request(path, { headers: web() })).status).toBe(401);
      expect((await request(path, { headers: stack.operator })).status).toBe(200);
    }
    expect(await stack.db.sandboxMessage.count({ where: { body: 'STOP' } })).toBe(0);
  });
});
