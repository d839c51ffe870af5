/**
 * The security matrix of every /api route, walked from the app's own route table so that a
 * route added later fails this file until it is given a row in ROUTES:
 * - every session route refuses a missing, expired, foreign-key, `alg: none`, wrong-audience
 *   and wrong-issuer token with the same 401;
 * - another workspace's id answers exactly like a random one (404, same body), and changes nothing;
 * - extra fields in a JSON body (ids, owner, status, counters) are never stored;
 * - a JSON route answers a malformed body 400, an oversized one 413, a non-JSON one 415.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

const MAX_BODY_BYTES = 8 * 1024;
// A task queue of its own: the launches and campaigns started here must not reach another file's workers.
const { config, db, app } = apiTestApp({
  MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  TEMPORAL_TASK_QUEUE: uniqueName('route-security'),
});

type TOwned = 'journey' | 'run' | 'campaign' | 'template' | 'user' | 'apiKey' | 'sender';
interface TRouteSpec {
  /** What `:id` names: another workspace's must answer like a random id. */
  owns?: TOwned;
  /** A valid JSON body, so a 404 is about the id and a refusal is about the one thing changed. */
  json?: () => unknown;
  /** Why the route answers without a session. */
  public?: string;
  /** Members get 403: only admins may call it. */
  adminOnly?: true;
  /** Why the path id names something no workspace owns (no other workspace's id to try). */
  shared?: string;
}

const PHONE = '+14155550123';
let senderNumbers = 0;
/** A long code no other workspace of this file has claimed. */
function uniqueSenderNumber(): string {
  senderNumbers += 1;
  return `+15592${String(Math.floor(Math.random() * 900) + 100)}${String(senderNumbers).padStart(3, '0')}`;
}
const contact = () => ({ phone: PHONE, vars: { firstName: 'Ada' } });

/** Every /api route, by `METHOD path` as Hono registers it. A route missing here fails the coverage test. */
const ROUTES: Record<string, TRouteSpec> = {
  'POST /api/auth/register': {
    public: 'signs up: there is no session yet',
    json: () => ({ email: `${uniqueName('register')}@example.com`, password: 'correct-horse-battery', name: 'New' }),
  },
  'POST /api/auth/login': {
    public: 'signs in: there is no session yet',
    json: () => ({ email: 'nobody@example.com', password: 'correct-horse-battery' }),
  },
  'POST /api/auth/logout': { public: "signs out: only expires the caller's own session cookie" },
  'POST /api/inbound': { public: "Twilio's inbound webhook: proven by X-Twilio-Signature instead of a session" },
  'POST /api/inbound/status': { public: "Twilio's status callback: proven by X-Twilio-Signature instead of a session" },
  'GET /api/openapi.json': { public: 'the OpenAPI document: describes the API, holds no data' },
  'GET /api/docs': { public: 'the API reference page: describes the API, holds no data' },
  'GET /api/me': {},
  'GET /api/config': {},
  'GET /api/reply-options': {},
  'POST /api/journeys': { json: () => ({ name: 'Journey' }) },
  'GET /api/journeys': {},
  'GET /api/journeys/:id': { owns: 'journey' },
  'PUT /api/journeys/:id': { owns: 'journey', json: () => ({ name: 'Renamed' }) },
  'DELETE /api/journeys/:id': { owns: 'journey', adminOnly: true },
  'POST /api/journeys/:id/launch': { owns: 'journey', json: () => ({ contacts: [contact()] }) },
  'POST /api/journeys/:id/test': { owns: 'journey', json: () => contact() },
  'GET /api/journeys/:id/versions': { owns: 'journey' },
  'GET /api/runs': {},
  'GET /api/runs/:id': { owns: 'run' },
  'GET /api/runs/:id/contacts': { owns: 'run' },
  'GET /api/runs/:id/contacts.csv': { owns: 'run' },
  'GET /api/runs/:id/contacts/:contactId': { owns: 'run' },
  'GET /api/runs/:id/graph': { owns: 'run' },
  'GET /api/runs/:id/analytics': { owns: 'run' },
  'POST /api/events': { json: () => ({ phone: PHONE, name: 'order.paid' }) },
  'POST /api/runs/:id/migrate': { owns: 'run', json: () => ({ dryRun: true }) },
  'POST /api/runs/:id/stop': { owns: 'run' },
  'POST /api/campaigns': {
    json: () => ({ name: 'Campaign', message: { channel: 'sms', body: 'Hi' }, contacts: [contact()] }),
  },
  'GET /api/campaigns': {},
  'GET /api/campaigns/:id': { owns: 'campaign' },
  'POST /api/campaigns/:id/stop': { owns: 'campaign' },
  'GET /api/workspace': {},
  'GET /api/send-queue': {},
  'PUT /api/workspace/send-policy': { adminOnly: true, json: () => ({ timeZone: 'Europe/London' }) },
  'PUT /api/workspace/senders': { adminOnly: true, json: () => ({ sms: null }) },
  'GET /api/workspace/senders': {},
  'POST /api/workspace/senders': { adminOnly: true, json: () => ({ channel: 'sms', address: uniqueSenderNumber() }) },
  'PATCH /api/workspace/senders/:id': { owns: 'sender', adminOnly: true, json: () => ({ ratePerSec: 2 }) },
  'DELETE /api/workspace/senders/:id': { owns: 'sender', adminOnly: true },
  'GET /api/workspace/api-keys': { adminOnly: true },
  'POST /api/workspace/api-keys': { adminOnly: true, json: () => ({ name: 'Integration' }) },
  'DELETE /api/workspace/api-keys/:id': { owns: 'apiKey', adminOnly: true },
  'GET /api/users': {},
  'POST /api/users': {
    adminOnly: true,
    json: () => ({ email: `${uniqueName('mate')}@example.com`, name: 'Mate', password: 'correct-horse-battery' }),
  },
  'PATCH /api/users/:id': { owns: 'user', adminOnly: true, json: () => ({ name: 'Renamed' }) },
  'DELETE /api/users/:id': { owns: 'user', adminOnly: true },
  'GET /api/messages': {},
  'GET /api/messages.csv': {},
  'POST /api/templates/validate': { json: () => ({ content: 'Your code is {{code}}', category: 'authentication' }) },
  'POST /api/templates': {
    json: () => ({ name: uniqueName('template'), content: 'Hello {{firstName}}', category: 'utility' }),
  },
  'GET /api/templates': {},
  'GET /api/templates/:id': { owns: 'template' },
  'PUT /api/templates/:id': { owns: 'template', json: () => ({ name: uniqueName('renamed') }) },
  'DELETE /api/templates/:id': { owns: 'template' },
  'POST /api/templates/:id/validate': { owns: 'template' },
  'GET /api/content/:sid': {
    shared:
      "a content template of the one Twilio account every workspace sends through, read from Twilio's Content API",
  },
};

/** `METHOD path` of every route the app registered under /api (middleware, registered on `*` paths, left out). */
function registeredApiRoutes(): string[] {
  const routes = app.routes.filter((route) => route.path.startsWith('/api/') && !route.path.includes('*'));
  return [...new Set(routes.map((route) => `${route.method} ${route.path}`))].sort();
}

const REGISTERED = registeredApiRoutes();
const SESSION_ROUTES = REGISTERED.filter((key) => ROUTES[key]?.public === undefined);
const JSON_ROUTES = Object.keys(ROUTES).filter((key) => ROUTES[key]?.json !== undefined);
const OWNED_ROUTES = Object.keys(ROUTES).filter((key) => ROUTES[key]?.owns !== undefined);

interface TWorkspace {
  token: string;
  userId: string;
  workspaceId: string;
  email: string;
  ids: Record<TOwned, string>;
}
interface TResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

interface TSendOptions {
  token?: string;
  authorization?: string;
  /** Sent as the web app's session cookie instead of a Bearer token. */
  cookie?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  contentType?: string;
}

/** The header a cookie session's data-changing request needs (CSRF). */
const WEB_CLIENT = { 'X-Requested-With': 'initucastt-web' };

/** Calls `METHOD path` with `:params` replaced by `id`. */
async function send(key: string, id: string, options: TSendOptions = {}): Promise<TResponse> {
  const [method, pattern] = key.split(' ') as [string, string];
  const headers: Record<string, string> = { ...options.headers };
  const authorization = options.authorization ?? (options.token === undefined ? undefined : `Bearer ${options.token}`);
  if (authorization !== undefined) headers.Authorization = authorization;
  if (options.cookie !== undefined) headers.Cookie = `initucastt_session=${options.cookie}`;
  const body = options.body ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const res = await app.request(pattern.replace(/:\w+/g, id), {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a CSV): kept as text.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** The one error shape: `{ error: { code, message, details? } }` and nothing else. */
function expectError(res: TResponse, status: number, code: string, label: string): void {
  expect(res.status, label).toBe(status);
  const body = res.body as { error?: Record<string, unknown> };
  expect(Object.keys(body), label).toEqual(['error']);
  expect(body.error?.code, label).toBe(code);
  expect(typeof body.error?.message, label).toBe('string');
  expect(
    Object.keys(body.error ?? {}).filter((name) => !['code', 'message', 'details'].includes(name)),
    label,
  ).toEqual([]);
}

async function register(label: string): Promise<Omit<TWorkspace, 'ids'>> {
  const res = await send('POST /api/auth/register', '', {
    json: { email: `${uniqueName(label)}@example.com`, password: 'correct-horse-battery', name: label },
  });
  expect(res.status).toBe(201);
  const { token, user } = res.body as { token: string; user: { id: string; workspaceId: string; email: string } };
  return { token, userId: user.id, workspaceId: user.workspaceId, email: user.email };
}

/** A workspace with one of everything: a valid journey, a running run, a running campaign, a template. */
async function seedWorkspace(label: string): Promise<TWorkspace> {
  const session = await register(label);
  const { workspaceId, userId, token } = session;
  const journey = await send('POST /api/journeys', '', { token, json: surveyJourney() });
  const template = await send('POST /api/templates', '', {
    token,
    json: { name: `${label} template`, content: 'Hello {{firstName}}', category: 'utility' },
  });
  const journeyId = (journey.body as { journey: { id: string } }).journey.id;
  const version = await db.journeyVersion.create({
    data: { journeyId, workspaceId, version: 1, name: label, nodes: [], edges: [] },
  });
  const run = await db.run.create({
    data: {
      workspaceId,
      userId,
      journeyId,
      journeyVersionId: version.id,
      journeyName: label,
      status: 'running',
      total: 1,
      startedAt: new Date(),
    },
  });
  await db.contact.create({ data: { runId: run.id, workspaceId, phone: PHONE } });
  const campaign = await db.campaign.create({
    data: { workspaceId, userId, name: label, channel: 'sms', body: 'Hi', status: 'running', total: 1 },
  });
  const mate = await db.user.create({
    data: {
      workspaceId,
      email: `${uniqueName(`${label}-mate`)}@example.com`,
      name: 'Mate',
      passwordHash: 'x',
      role: 'member',
    },
  });
  const apiKey = await send('POST /api/workspace/api-keys', '', { token, json: { name: `${label} key` } });
  const sender = await db.workspaceSender.create({
    data: { workspaceId, channel: 'sms', address: uniqueSenderNumber(), kind: 'long_code' },
  });
  return {
    ...session,
    ids: {
      apiKey: (apiKey.body as { apiKey: { id: string } }).apiKey.id,
      sender: sender.id,
      journey: journeyId,
      run: run.id,
      campaign: campaign.id,
      template: (template.body as { template: { id: string } }).template.id,
      user: mate.id,
    },
  };
}

let alice: TWorkspace;
let bob: TWorkspace;

/** Alice's session claims as the API signs them (features/auth/tokens.ts), with `overrides`. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: alice.userId,
    wid: alice.workspaceId,
    role: 'admin',
    email: alice.email,
    iss: config.JWT_ISSUER,
    aud: config.JWT_AUDIENCE,
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

/** An HS256 token, built by hand with jose like an attacker would, signed with `secret`. */
function sign(payload: Record<string, unknown>, secret = config.JWT_SECRET): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}
beforeAll(async () => {
  // Bob first: his rows are older than alice's, which a leaking list cursor would show.
  bob = await seedWorkspace('bob');
  alice = await seedWorkspace('alice');
});

describe('route table', () => {
  it('covers every registered /api route, and only those', () => {
    expect(REGISTERED).toEqual(Object.keys(ROUTES).sort());
  });

  it('says which resource every route with a path id names', () => {
    const withParams = SESSION_ROUTES.filter((key) => key.includes('/:'));
    expect(withParams.filter((key) => ROUTES[key]?.owns === undefined && ROUTES[key]?.shared === undefined)).toEqual(
      [],
    );
  });

  it('lets the public routes answer without a session (with their own refusal, not 401)', async () => {
    for (const key of REGISTERED.filter((route) => ROUTES[route]?.public !== undefined)) {
      const res = await send(key, randomUUID(), ROUTES[key]?.json ? { json: { nonsense: true } } : {});
      expect(res.status, key).not.toBe(401);
    }
  });
});

describe('session routes refuse bad tokens with 401', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);

  /** Each changes exactly one thing from the token `valid` builds. */
  const BAD_TOKENS: Record<string, () => Promise<string | undefined>> = {
    'no token': async () => undefined,
    'an expired token': () => sign(claims({ iat: now() - 7200, exp: now() - 60 })),
    'a token signed with another secret': () => sign(claims(), 'another-secret-that-is-at-least-32-characters'),
    'an alg: none token': async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`,
    'a token for another audience': () => sign(claims({ aud: 'someone-else' })),
    'a token from another issuer': () => sign(claims({ iss: 'someone-else' })),
    'a token without a workspace': () => sign(claims({ wid: undefined })),
    'a malformed token': async () => 'not.a.token',
  };

  it('accepts the hand-built token on every session route (baseline: each refusal is about the one thing changed)', async () => {
    const token = await sign(claims());
    for (const key of SESSION_ROUTES) expect((await send(key, randomUUID(), { token })).status, key).not.toBe(401);
  });

  for (const [label, build] of Object.entries(BAD_TOKENS)) {
    it(`refuses ${label} on every session route`, async () => {
      const token = await build();
      for (const key of SESSION_ROUTES) {
        const res = await send(
          key,
          randomUUID(),
          token === undefined ? {} : { token, ...(ROUTES[key]?.json ? { json: ROUTES[key].json() } : {}) },
        );
        expectError(res, 401, 'unauthenticated', `${key} with ${label}`);
        expect(res.headers.get('www-authenticate'), key).toMatch(/^Bearer/);
      }
    });
  }

  it('accepts the hand-built token as the session cookie on every session route, with the web app header', async () => {
    const cookie = await sign(claims());
    for (const key of SESSION_ROUTES) {
      const status = (await send(key, randomUUID(), { cookie, headers: WEB_CLIENT })).status;
      expect([401, 403], key).not.toContain(status);
    }
  });

  for (const [label, build] of Object.entries(BAD_TOKENS).filter(([label]) => label !== 'no token')) {
    it(`refuses ${label} as the session cookie on every session route`, async () => {
      const cookie = (await build())!;
      for (const key of SESSION_ROUTES) {
        const res = await send(key, randomUUID(), {
          cookie,
          headers: WEB_CLIENT,
          ...(ROUTES[key]?.json ? { json: ROUTES[key].json() } : {}),
        });
        expectError(res, 401, 'unauthenticated', `${key} with ${label} as cookie`);
      }
    });
  }

  it('refuses a valid session cookie without X-Requested-With on every session route that changes data (403), not on reads', async () => {
    const cookie = await sign(claims());
    for (const key of SESSION_ROUTES) {
      const res = await send(key, randomUUID(), { cookie, ...(ROUTES[key]?.json ? { json: ROUTES[key].json() } : {}) });
      if (key.startsWith('GET ')) expect([401, 403], key).not.toContain(res.status);
      else expectError(res, 403, 'forbidden', `${key} by cookie without X-Requested-With`);
    }
  });

  it('takes the role from the account, not from the token: a member claiming admin is still a member', async () => {
    const token = await sign(claims({ sub: alice.ids.user, role: 'admin' }));
    expectError(
      await send('PUT /api/workspace/send-policy', '', { token, json: {} }),
      403,
      'forbidden',
      'member token claiming admin',
    );
    expectError(
      await send('GET /api/journeys', '', { token: await sign(claims({ sub: randomUUID() })) }),
      401,
      'unauthenticated',
      'token of no account',
    );
  });

  it('lets members call every session route but the admin-only ones, which answer 403', async () => {
    // The role is read from the account on every request, so this is a real member's token.
    const token = await sign(claims({ sub: alice.ids.user, role: 'member' }));
    const refused: string[] = [];
    for (const key of SESSION_ROUTES) {
      const res = await send(key, randomUUID(), { token });
      if (res.status === 403) {
        expectError(res, 403, 'forbidden', key);
        refused.push(key);
      }
    }
    expect(refused).toEqual(SESSION_ROUTES.filter((key) => ROUTES[key]?.adminOnly));
  });

  it('refuses unknown /api paths without a session too (401, not 404)', async () => {
    expectError(await send('GET /api/no-such-route', ''), 401, 'unauthenticated', 'unknown path');
  });
});

describe("another workspace's ids answer exactly like random ones", () => {
  const snapshot = async (w: TWorkspace) => ({
    journey: await db.journey.findUnique({ where: { id: w.ids.journey } }),
    run: await db.run.findUnique({ where: { id: w.ids.run } }),
    campaign: await db.campaign.findUnique({ where: { id: w.ids.campaign } }),
    template: await db.template.findUnique({ where: { id: w.ids.template } }),
    user: await db.user.findUnique({ where: { id: w.ids.user } }),
    apiKey: await db.apiKey.findUnique({ where: { id: w.ids.apiKey } }),
    sender: await db.workspaceSender.findUnique({ where: { id: w.ids.sender } }),
  });

  it.each(OWNED_ROUTES)('%s', async (key) => {
    const spec = ROUTES[key]!;
    const before = await snapshot(alice);
    const call = (id: string) => send(key, id, { token: bob.token, ...(spec.json ? { json: spec.json() } : {}) });
    const theirs = await call(alice.ids[spec.owns!]);
    expectError(theirs, 404, 'not_found', key);
    for (const other of [await call(randomUUID()), await call('not-a-uuid')])
      expect({ status: other.status, body: other.body }, key).toEqual({ status: theirs.status, body: theirs.body });
    expect(await snapshot(alice), key).toEqual(before);
  });

  it.each([
    ['GET /api/messages', 'runId', 'run'],
    ['GET /api/messages', 'campaignId', 'campaign'],
    ['GET /api/messages.csv', 'runId', 'run'],
    ['GET /api/messages.csv', 'campaignId', 'campaign'],
  ] as const)('%s?%s=', async (key, param, owned) => {
    const call = (id: string) => send(`${key}?${param}=${id}`, '', { token: bob.token });
    const theirs = await call(alice.ids[owned]);
    expectError(theirs, 404, 'not_found', key);
    expect((await call(randomUUID())).body).toEqual(theirs.body);
  });

  it.each(['GET /api/journeys', 'GET /api/templates', 'GET /api/runs', 'GET /api/campaigns'] as const)(
    '%s?cursor=',
    async (key) => {
      const owned = (
        {
          'GET /api/journeys': 'journey',
          'GET /api/templates': 'template',
          'GET /api/runs': 'run',
          'GET /api/campaigns': 'campaign',
        } as const
      )[key];
      const call = (id: string) => send(`${key}?cursor=${id}`, '', { token: bob.token });
      const theirs = await call(alice.ids[owned]);
      const random = await call(randomUUID());
      expect({ status: theirs.status, body: theirs.body }).toEqual({ status: random.status, body: random.body });
    },
  );
});

describe('mass assignment: extra fields in a JSON body are never stored', () => {
  /** Fields a caller must not set: ids, the owner (bob's, sent by alice), status and counters. */
  const extras = () => ({
    id: randomUUID(),
    workspaceId: bob.workspaceId,
    userId: bob.userId,
    status: 'done',
    total: 999,
    sent: 999,
    delivered: 999,
    failed: 999,
    suppressed: 999,
    processed: 999,
    launched: 999,
    createdAt: '2000-01-01T00:00:00.000Z',
  });
  const bodyOf = <T>(res: TResponse) => res.body as T;

  const CASES: Record<string, string | (() => Promise<void>)> = {
    'POST /api/auth/register': async () => {
      const injected = { ...extras(), workspaceId: alice.workspaceId, role: 'member' };
      const res = await send('POST /api/auth/register', '', {
        json: { ...(ROUTES['POST /api/auth/register']!.json!() as object), ...injected },
      });
      expect(res.status).toBe(201);
      const user = await db.user.findUniqueOrThrow({ where: { id: bodyOf<{ user: { id: string } }>(res).user.id } });
      expect(user.id).not.toBe(injected.id);
      expect(user.workspaceId).not.toBe(alice.workspaceId);
      expect(user.role).toBe('admin');
    },
    'POST /api/auth/login': 'reads credentials and stores nothing',
    'POST /api/journeys': async () => {
      const injected = { ...extras(), status: 'active' };
      const res = await send('POST /api/journeys', '', {
        token: alice.token,
        json: { ...surveyJourney(), ...injected },
      });
      expect(res.status).toBe(201);
      const row = await db.journey.findUniqueOrThrow({
        where: { id: bodyOf<{ journey: { id: string } }>(res).journey.id },
      });
      expect(row).toMatchObject({ workspaceId: alice.workspaceId, userId: alice.userId, status: 'draft' });
      expect(row.id).not.toBe(injected.id);
      expect(row.createdAt.getFullYear()).not.toBe(2000);
    },
    // `status` is a documented writable field of PUT /journeys/:id (draft/active/archived), so it is not sent here.
    'PUT /api/journeys/:id': async () => {
      const { status: _writable, ...injected } = extras();
      const before = await db.journey.findUniqueOrThrow({ where: { id: alice.ids.journey } });
      const res = await send('PUT /api/journeys/:id', alice.ids.journey, {
        token: alice.token,
        json: { name: 'Renamed by PUT', ...injected },
      });
      expect(res.status).toBe(200);
      const row = await db.journey.findUniqueOrThrow({ where: { id: alice.ids.journey } });
      expect(row).toMatchObject({
        name: 'Renamed by PUT',
        workspaceId: before.workspaceId,
        userId: before.userId,
        status: before.status,
        createdAt: before.createdAt,
      });
      expect(await db.journey.findUnique({ where: { id: injected.id } })).toBeNull();
    },
    // `id` is a documented writable field of POST /events (the integration's own id), so it is not sent here.
    'POST /api/events': async () => {
      const { id: _writable, ...injected } = { ...extras(), conversions: 999, receivedAt: '2000-01-01T00:00:00.000Z' };
      const res = await send('POST /api/events', '', {
        token: alice.token,
        json: { ...(ROUTES['POST /api/events']!.json!() as object), ...injected },
      });
      expect(res.status).toBe(201);
      const row = await db.goalEvent.findUniqueOrThrow({ where: { id: bodyOf<{ id: string }>(res).id } });
      expect(row).toMatchObject({ workspaceId: alice.workspaceId, externalId: null, conversions: 0 });
      expect(row.receivedAt.getFullYear()).not.toBe(2000);
    },
    'POST /api/journeys/:id/launch': async () => {
      const injected = { ...extras(), journeyId: bob.ids.journey, journeyVersionId: randomUUID() };
      const res = await send('POST /api/journeys/:id/launch', alice.ids.journey, {
        token: alice.token,
        json: { contacts: [contact()], ...injected },
      });
      expect(res.status).toBe(202);
      const run = await db.run.findUniqueOrThrow({ where: { id: bodyOf<{ runId: string }>(res).runId } });
      expect(run).toMatchObject({
        workspaceId: alice.workspaceId,
        userId: alice.userId,
        journeyId: alice.ids.journey,
        total: 1,
        processed: 0,
      });
      expect(['queued', 'running']).toContain(run.status);
      expect(run.id).not.toBe(injected.id);
    },
    // The body is strict: a field it does not know is refused, so nothing smuggled is ever read.
    'POST /api/journeys/:id/test': async () => {
      const runsBefore = await db.run.count({ where: { workspaceId: alice.workspaceId } });
      const injected = { ...extras(), journeyId: bob.ids.journey, isTest: false, testTiming: { waitSeconds: 86_400 } };
      const refused = await send('POST /api/journeys/:id/test', alice.ids.journey, {
        token: alice.token,
        json: { ...contact(), ...injected },
      });
      expectError(refused, 400, 'invalid_input', 'test send with extra fields');
      expect(await db.run.count({ where: { workspaceId: alice.workspaceId } })).toBe(runsBefore);
      const res = await send('POST /api/journeys/:id/test', alice.ids.journey, { token: alice.token, json: contact() });
      expect(res.status).toBe(202);
      const run = await db.run.findUniqueOrThrow({ where: { id: bodyOf<{ runId: string }>(res).runId } });
      expect(run).toMatchObject({
        workspaceId: alice.workspaceId,
        userId: alice.userId,
        journeyId: alice.ids.journey,
        isTest: true,
        testTiming: { waitSeconds: config.TEST_SEND_WAIT_SECONDS },
        total: 1,
      });
    },
    // The body is strict: it names only whether to plan; the version and contacts are the server's to choose.
    'POST /api/runs/:id/migrate': async () => {
      const injected = { ...extras(), version: 99, journeyVersionId: randomUUID(), contactIds: [randomUUID()] };
      const refused = await send('POST /api/runs/:id/migrate', alice.ids.run, {
        token: alice.token,
        json: { dryRun: true, ...injected },
      });
      expectError(refused, 400, 'invalid_input', 'migration with extra fields');
      const before = await db.run.findUniqueOrThrow({ where: { id: alice.ids.run } });
      const res = await send('POST /api/runs/:id/migrate', alice.ids.run, {
        token: alice.token,
        json: { dryRun: true },
      });
      expect(res.status).toBe(200);
      expect(await db.run.findUniqueOrThrow({ where: { id: alice.ids.run } })).toEqual(before);
      expect(await db.contact.count({ where: { runId: alice.ids.run, journeyVersion: { not: null } } })).toBe(0);
    },
    'POST /api/campaigns': async () => {
      const injected = extras();
      const res = await send('POST /api/campaigns', '', {
        token: alice.token,
        json: { ...(ROUTES['POST /api/campaigns']!.json!() as object), ...injected },
      });
      expect(res.status).toBe(202);
      const row = await db.campaign.findUniqueOrThrow({
        where: { id: bodyOf<{ campaignId: string }>(res).campaignId },
      });
      expect(row).toMatchObject({
        workspaceId: alice.workspaceId,
        userId: alice.userId,
        total: 1,
        sent: 0,
        delivered: 0,
        failed: 0,
        suppressed: 0,
      });
      expect(['queued', 'running']).toContain(row.status);
      expect(row.id).not.toBe(injected.id);
    },
    'PUT /api/workspace/send-policy': async () => {
      const before = await Promise.all(
        [alice, bob].map((w) => db.workspace.findUniqueOrThrow({ where: { id: w.workspaceId } })),
      );
      const res = await send('PUT /api/workspace/send-policy', '', {
        token: alice.token,
        json: { timeZone: 'Europe/Paris', ...extras(), name: 'Hijacked' },
      });
      expect(res.status).toBeLessThan(500);
      const after = await Promise.all(
        [alice, bob].map((w) => db.workspace.findUniqueOrThrow({ where: { id: w.workspaceId } })),
      );
      expect(after[1]).toEqual(before[1]);
      expect(after[0]).toMatchObject({ id: before[0]!.id, name: before[0]!.name, createdAt: before[0]!.createdAt });
    },
    'PUT /api/workspace/senders': async () => {
      const address = '+14155550999';
      const res = await send('PUT /api/workspace/senders', '', {
        token: alice.token,
        json: { sms: address, ...extras() },
      });
      expect(res.status).toBeLessThan(500);
      const row = await db.workspaceSender.findUnique({ where: { address } });
      if (row) expect(row.workspaceId).toBe(alice.workspaceId);
      expect(await db.workspaceSender.count({ where: { workspaceId: bob.workspaceId, address } })).toBe(0);
    },
    'POST /api/workspace/senders': async () => {
      const address = uniqueSenderNumber();
      const res = await send('POST /api/workspace/senders', '', {
        token: alice.token,
        json: { channel: 'sms', address, ...extras(), workspaceId: bob.workspaceId },
      });
      // The body is strict: extra fields are refused, and nothing is stored.
      expect(res.status).toBe(400);
      expect(await db.workspaceSender.count({ where: { address } })).toBe(0);
    },
    'PATCH /api/workspace/senders/:id': async () => {
      const res = await send('PATCH /api/workspace/senders/:id', alice.ids.sender, {
        token: alice.token,
        json: { ratePerSec: 7, ...extras(), workspaceId: bob.workspaceId },
      });
      expect(res.status).toBe(400);
      const row = await db.workspaceSender.findUniqueOrThrow({ where: { id: alice.ids.sender } });
      expect(row).toMatchObject({ workspaceId: alice.workspaceId, ratePerSec: null });
    },
    'POST /api/templates/validate': 'checks a draft and stores nothing',
    'POST /api/workspace/api-keys': async () => {
      const injected = {
        ...extras(),
        keyHash: 'smuggled',
        prefix: 'ick_smuggled',
        lastUsedAt: '2000-01-01T00:00:00.000Z',
      };
      const res = await send('POST /api/workspace/api-keys', '', {
        token: alice.token,
        json: { name: 'Injected', ...injected },
      });
      expect(res.status).toBe(201);
      const row = await db.apiKey.findUniqueOrThrow({
        where: { id: bodyOf<{ apiKey: { id: string } }>(res).apiKey.id },
      });
      expect(row).toMatchObject({ workspaceId: alice.workspaceId, userId: alice.userId, lastUsedAt: null });
      expect([row.id, row.keyHash, row.prefix]).not.toContain(injected.id);
      expect(row.keyHash).not.toBe('smuggled');
    },
    'POST /api/templates': async () => {
      const injected = {
        ...extras(),
        approved: true,
        contentSid: 'HX00000000000000000000000000000000',
        variables: ['smuggled'],
        validation: { verdict: 'approve' },
      };
      const res = await send('POST /api/templates', '', {
        token: alice.token,
        json: { ...(ROUTES['POST /api/templates']!.json!() as object), ...injected },
      });
      expect(res.status).toBe(201);
      const row = await db.template.findUniqueOrThrow({
        where: { id: bodyOf<{ template: { id: string } }>(res).template.id },
      });
      expect(row).toMatchObject({
        workspaceId: alice.workspaceId,
        userId: alice.userId,
        approved: false,
        contentSid: null,
        validation: null,
        variables: ['firstName'],
      });
      expect(row.id).not.toBe(injected.id);
    },
    'POST /api/users': async () => {
      const injected = { ...extras(), workspaceId: bob.workspaceId, passwordHash: 'smuggled' };
      const res = await send('POST /api/users', '', {
        token: alice.token,
        json: { ...(ROUTES['POST /api/users']!.json!() as object), ...injected },
      });
      expect(res.status).toBe(201);
      const row = await db.user.findUniqueOrThrow({ where: { id: bodyOf<{ user: { id: string } }>(res).user.id } });
      expect(row.workspaceId).toBe(alice.workspaceId);
      expect(row.passwordHash).not.toBe('smuggled');
      expect(row.id).not.toBe(injected.id);
    },
    'PATCH /api/users/:id': async () => {
      const before = await db.user.findUniqueOrThrow({ where: { id: alice.ids.user } });
      const injected = {
        ...extras(),
        workspaceId: bob.workspaceId,
        email: 'hijack@example.com',
        passwordHash: 'smuggled',
      };
      const res = await send('PATCH /api/users/:id', alice.ids.user, {
        token: alice.token,
        json: { name: 'Renamed mate', ...injected },
      });
      expect(res.status).toBe(200);
      const row = await db.user.findUniqueOrThrow({ where: { id: alice.ids.user } });
      expect(row).toMatchObject({
        name: 'Renamed mate',
        workspaceId: before.workspaceId,
        email: before.email,
        passwordHash: before.passwordHash,
        createdAt: before.createdAt,
      });
    },
    'PUT /api/templates/:id': async () => {
      const before = await db.template.findUniqueOrThrow({ where: { id: alice.ids.template } });
      const injected = {
        ...extras(),
        approved: true,
        contentSid: 'HX00000000000000000000000000000000',
        variables: ['smuggled'],
      };
      const res = await send('PUT /api/templates/:id', alice.ids.template, {
        token: alice.token,
        json: { name: 'Renamed template', ...injected },
      });
      expect(res.status).toBe(200);
      const row = await db.template.findUniqueOrThrow({ where: { id: alice.ids.template } });
      expect(row).toMatchObject({
        name: 'Renamed template',
        workspaceId: before.workspaceId,
        userId: before.userId,
        approved: before.approved,
        contentSid: before.contentSid,
        variables: before.variables,
        createdAt: before.createdAt,
      });
    },
  };

  it('has a case (or a reason to skip) for every route that takes a JSON body', () => {
    expect(Object.keys(CASES).sort()).toEqual([...JSON_ROUTES].sort());
  });

  for (const [key, check] of Object.entries(CASES)) {
    if (typeof check === 'string') it.skip(`${key}: ${check}`, () => undefined);
    else it(key, check);
  }
});

/** Sends `body` as a stream without Content-Length, so the limit must count the bytes as they come. */
async function sendStreamed(key: string, id: string, token: string, body: string): Promise<TResponse> {
  const [method, pattern] = key.split(' ') as [string, string];
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 1024) controller.enqueue(bytes.slice(at, at + 1024));
      controller.close();
    },
  });
  const init = {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: stream,
    duplex: 'half',
  };
  const res = await app.request(pattern.replace(/:\w+/g, id), init as RequestInit);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('JSON bodies: malformed 400, oversized 413, not JSON 415', () => {
  /** The caller's own id for the route, so the answer is about the body, not the id. */
  const ownId = (key: string) => (ROUTES[key]?.owns ? alice.ids[ROUTES[key].owns] : '');

  it.each(JSON_ROUTES)('%s', async (key) => {
    const token = alice.token;
    expectError(
      await send(key, ownId(key), { token, body: '{"name": "unterminated' }),
      400,
      'invalid_input',
      `${key} malformed`,
    );
    const oversized = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    expectError(await send(key, ownId(key), { token, body: oversized }), 413, 'payload_too_large', `${key} oversized`);
    expectError(
      await sendStreamed(key, ownId(key), token, oversized),
      413,
      'payload_too_large',
      `${key} oversized, streamed`,
    );
    const valid = JSON.stringify(ROUTES[key]!.json!());
    expectError(
      await send(key, ownId(key), { token, body: valid, contentType: 'text/plain' }),
      415,
      'unsupported_media_type',
      `${key} text/plain`,
    );
  });
});
