import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { hashPassword } from '../features/auth/password.js';
import { apiTestApp } from './support/api-app.js';

const { config, db, app } = apiTestApp();

const PASSWORD = 'correct-horse-battery';

interface TUser {
  token: string;
  user: { id: string; email: string; role: string; workspaceId: string };
}
interface TJourneyBody {
  journey: {
    id: string;
    name: string;
    status: string;
    nodes: unknown[];
    edges: unknown[];
    userId: string;
    createdAt: string;
    updatedAt: string;
  };
  problems: Array<{ code: string; message: string }>;
}
interface TListBody {
  items: Array<{ id: string; name: string; status: string; createdAt: string; updatedAt: string; nodeCount: number }>;
  nextCursor: string | null;
}
interface TErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function uniqueEmail(label: string): string {
  return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 10)}@example.com`;
}

/** Calls the API as `token` (or anonymously), with a JSON body when one is given. */
async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; authorization?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers.Authorization = options.authorization;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await app.request(path, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as unknown };
}

/** A new workspace and its admin. */
async function registerAdmin(label: string): Promise<TUser> {
  const res = await call('POST', '/api/auth/register', {
    body: { email: uniqueEmail(label), password: PASSWORD, name: label },
  });
  expect(res.status).toBe(201);
  return res.body as TUser;
}

/** A member of `workspaceId`, signed in through /api/auth/login. */
async function addMember(workspaceId: string): Promise<TUser> {
  const email = uniqueEmail('member');
  await db.user.create({
    data: { workspaceId, email, passwordHash: await hashPassword(PASSWORD), name: 'Member', role: 'member' },
  });
  const res = await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return res.body as TUser;
}

async function createJourney(token: string, body: Record<string, unknown>): Promise<TJourneyBody> {
  const res = await call('POST', '/api/journeys', { token, body });
  expect(res.status).toBe(201);
  return res.body as TJourneyBody;
}

function errorCode(res: { body: unknown }): string | undefined {
  return (res.body as TErrorBody | undefined)?.error?.code;
}

/** A graph with a message but no start node, which validateJourney reports. */
const BROKEN_GRAPH = {
  nodes: [{ id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hi' } }],
  edges: [{ id: 'dangling', source: 'hello', target: 'nowhere' }],
};

let alice: TUser;
let bob: TUser;
beforeAll(async () => {
  [alice, bob] = await Promise.all([registerAdmin('alice'), registerAdmin('bob')]);
});

describe('journeys: authentication', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const secret = () => new TextEncoder().encode(config.JWT_SECRET);

  /** A token for alice built by hand; each refusal below changes exactly one thing from it. */
  function forge(claims: Record<string, unknown> = {}, key: Uint8Array = secret()) {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sub: alice.user.id,
      wid: alice.user.workspaceId,
      role: 'admin',
      email: alice.user.email,
      iss: config.JWT_ISSUER,
      aud: config.JWT_AUDIENCE,
      iat: now,
      exp: now + 600,
      ...claims,
    };
    return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
  }

  it('accepts the hand-built token (baseline: the refusals are about the one thing changed)', async () => {
    expect((await call('GET', '/api/journeys', { token: await forge() })).status).toBe(200);
  });

  it('refuses a request without a token: 401 and WWW-Authenticate: Bearer', async () => {
    const res = await call('GET', '/api/journeys');
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('unauthenticated');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses malformed Authorization headers', async () => {
    const good = await forge();
    for (const authorization of [
      'Bearer',
      'Bearer ',
      `Basic ${good}`,
      `Token ${good}`,
      'Bearer not-a-jwt',
      'Bearer a.b.c',
      `Bearer ${good} extra`,
      `Bearer ${'x'.repeat(5000)}`,
    ]) {
      const res = await call('GET', '/api/journeys', { authorization });
      expect(res.status, authorization.slice(0, 40)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const res = await call('GET', '/api/journeys', { token: await forge({ iat: past - 86_400, exp: past }) });
    expect(res.status).toBe(401);
    expect((res.body as TErrorBody).error.message).toMatch(/expired/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('refuses a token signed with another secret', async () => {
    const res = await call('GET', '/api/journeys', {
      token: await forge({}, new TextEncoder().encode('some-other-secret-of-at-least-32-chars!')),
    });
    expect(res.status).toBe(401);
    expect((res.body as TErrorBody).error.message).toMatch(/signature/);
  });

  it('refuses alg none, with an empty or a copied signature', async () => {
    const [, payload, signature] = (await forge()).split('.');
    const header = b64({ alg: 'none', typ: 'JWT' });
    for (const token of [`${header}.${payload}.`, `${header}.${payload}.${signature}`]) {
      const res = await call('GET', '/api/journeys', { token });
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('unauthenticated');
    }
  });

  it('refuses a wrong audience or issuer', async () => {
    for (const claims of [{ aud: 'some-other-api' }, { iss: 'someone-else' }]) {
      const res = await call('GET', '/api/journeys', { token: await forge(claims) });
      expect(res.status, JSON.stringify(claims)).toBe(401);
    }
  });

  it('refuses well-signed tokens with bad session claims or no exp', async () => {
    for (const claims of [{ role: 'owner' }, { wid: 'not-a-uuid' }, { exp: undefined }]) {
      const res = await call('GET', '/api/journeys', { token: await forge(claims) });
      expect(res.status, JSON.stringify(claims)).toBe(401);
    }
  });
});

describe('journeys: CRUD and problems', () => {
  it('creates a draft (201) and reports its problems; a valid graph has none', async () => {
    const broken = await createJourney(alice.token, { name: 'Broken', ...BROKEN_GRAPH });
    expect(broken.journey).toMatchObject({
      name: 'Broken',
      status: 'draft',
      userId: alice.user.id,
      nodes: BROKEN_GRAPH.nodes,
      edges: BROKEN_GRAPH.edges,
    });
    expect(broken.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['start_count', 'dangling_edge']));

    const survey = surveyJourney();
    const valid = await createJourney(alice.token, survey);
    expect(valid.problems).toEqual([]);
    expect(valid.journey.nodes).toEqual(survey.nodes);

    const empty = await createJourney(alice.token, { name: 'Empty' });
    expect(empty.journey).toMatchObject({ nodes: [], edges: [] });
    expect(empty.problems.map((p) => p.code)).toContain('start_count');
  });

  it('GET /api/journeys/:id returns the journey with its problems', async () => {
    const created = await createJourney(alice.token, { name: 'Readable', ...BROKEN_GRAPH });
    const res = await call('GET', `/api/journeys/${created.journey.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it('PUT updates the writable fields and answers with the new problems', async () => {
    const created = await createJourney(alice.token, { name: 'Draft', ...BROKEN_GRAPH });
    const survey = surveyJourney();
    const res = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: { name: 'Fixed', nodes: survey.nodes, edges: survey.edges },
    });
    expect(res.status).toBe(200);
    const body = res.body as TJourneyBody;
    expect(body.journey).toMatchObject({
      id: created.journey.id,
      name: 'Fixed',
      status: 'draft',
      nodes: survey.nodes,
      edges: survey.edges,
    });
    expect(body.problems).toEqual([]);
    expect(Date.parse(body.journey.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.journey.updatedAt));

    const renamed = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: { name: 'Renamed' },
    });
    expect((renamed.body as TJourneyBody).journey).toMatchObject({ name: 'Renamed', nodes: survey.nodes });
  });

  it('refuses status active while the journey has problems (400 with the problems), and allows it once clean', async () => {
    const created = await createJourney(alice.token, { name: 'To activate', ...BROKEN_GRAPH });
    const refused = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: { status: 'active' },
    });
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe('invalid_input');
    expect((refused.body as TErrorBody).error.details).toEqual(created.problems);
    expect((await db.journey.findUniqueOrThrow({ where: { id: created.journey.id } })).status).toBe('draft');

    const survey = surveyJourney();
    const activated = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: { status: 'active', nodes: survey.nodes, edges: survey.edges },
    });
    expect(activated.status).toBe(200);
    expect((activated.body as TJourneyBody).journey.status).toBe('active');

    // An active journey stays clean: breaking its graph without leaving 'active' is refused too.
    const breaking = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: BROKEN_GRAPH,
    });
    expect(breaking.status).toBe(400);
    const archived = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: { status: 'archived', ...BROKEN_GRAPH },
    });
    expect(archived.status).toBe(200);
    expect((archived.body as TJourneyBody).journey.status).toBe('archived');
  });

  it('refuses statuses other than draft, active and archived, and an empty update', async () => {
    const created = await createJourney(alice.token, { name: 'Status' });
    for (const body of [
      { status: 'running' },
      { status: 'ACTIVE' },
      { status: null },
      {},
      { workspaceId: bob.user.workspaceId },
    ]) {
      const res = await call('PUT', `/api/journeys/${created.journey.id}`, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(res)).toBe('invalid_input');
    }
  });

  it('caps nodes at 250 and edges at 5,000, and wants arrays of objects', async () => {
    const node = (i: number) => ({ id: `n${i}`, type: 'end', position: { x: 0, y: 0 }, data: {} });
    const edge = (i: number) => ({ id: `e${i}`, source: 'n0', target: 'n1' });
    const ok = await call('POST', '/api/journeys', {
      token: alice.token,
      body: {
        name: 'Big',
        nodes: Array.from({ length: 250 }, (_, i) => node(i)),
        edges: Array.from({ length: 5_000 }, (_, i) => edge(i)),
      },
    });
    expect(ok.status).toBe(201);

    const refusals = [
      { name: 'Too many nodes', nodes: Array.from({ length: 251 }, (_, i) => node(i)) },
      { name: 'Too many edges', edges: Array.from({ length: 5_001 }, (_, i) => edge(i)) },
      { name: 'Not objects', nodes: [1, 'two', null] },
      { name: 'Arrays in arrays', nodes: [[node(0)]] },
      { name: 'Not an array', nodes: { n0: node(0) } },
      { name: 'NUL', nodes: [{ ...node(0), data: { label: 'a\u0000b' } }] },
      { name: '   ' },
    ];
    for (const body of refusals) {
      const res = await call('POST', '/api/journeys', { token: alice.token, body });
      expect(res.status, body.name).toBe(400);
    }
    const tooMany = await call('PUT', `/api/journeys/${(ok.body as TJourneyBody).journey.id}`, {
      token: alice.token,
      body: { nodes: Array.from({ length: 251 }, (_, i) => node(i)) },
    });
    expect(tooMany.status).toBe(400);
  });

  it('lets a member create and read but not DELETE (403); an admin deletes (204)', async () => {
    const member = await addMember(alice.user.workspaceId);
    expect(member.user.role).toBe('member');
    const created = await createJourney(member.token, { name: 'By member' });
    expect(created.journey.userId).toBe(member.user.id);
    expect((await call('GET', `/api/journeys/${created.journey.id}`, { token: member.token })).status).toBe(200);

    const forbidden = await call('DELETE', `/api/journeys/${created.journey.id}`, { token: member.token });
    expect(forbidden.status).toBe(403);
    expect(errorCode(forbidden)).toBe('forbidden');
    expect(await db.journey.count({ where: { id: created.journey.id } })).toBe(1);

    const deleted = await call('DELETE', `/api/journeys/${created.journey.id}`, { token: alice.token });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(await db.journey.count({ where: { id: created.journey.id } })).toBe(0);
    expect((await call('GET', `/api/journeys/${created.journey.id}`, { token: alice.token })).status).toBe(404);
    expect((await call('DELETE', `/api/journeys/${created.journey.id}`, { token: alice.token })).status).toBe(404);
  });

  it('refuses to DELETE a journey with a run in progress (409), and deletes it once the run is over', async () => {
    const created = await createJourney(alice.token, surveyJourney());
    const { workspaceId, id: userId } = alice.user;
    const version = await db.journeyVersion.create({
      data: { journeyId: created.journey.id, workspaceId, version: 1, name: 'v1', nodes: [], edges: [] },
    });
    const run = await db.run.create({
      data: {
        workspaceId,
        userId,
        journeyId: created.journey.id,
        journeyVersionId: version.id,
        journeyName: 'v1',
        status: 'running',
      },
    });

    const refused = await call('DELETE', `/api/journeys/${created.journey.id}`, { token: alice.token });
    expect(refused.status).toBe(409);
    expect(await db.journey.count({ where: { id: created.journey.id } })).toBe(1);

    await db.run.update({ where: { id: run.id }, data: { status: 'done' } });
    expect((await call('DELETE', `/api/journeys/${created.journey.id}`, { token: alice.token })).status).toBe(204);
  });

  it('refuses to DELETE the journey of a stopped run while it has live contacts or unfinished sends (409, saying how many), and deletes it once they end', async () => {
    const created = await createJourney(alice.token, surveyJourney());
    const journeyId = created.journey.id;
    const { workspaceId, id: userId } = alice.user;
    const version = await db.journeyVersion.create({
      data: { journeyId, workspaceId, version: 1, name: 'v1', nodes: [], edges: [] },
    });
    // Stopped: its contacts end as their workflows hear of the stop, and the send queued for
    // one of them is still to be decided by the message worker.
    const run = await db.run.create({
      data: { workspaceId, userId, journeyId, journeyVersionId: version.id, journeyName: 'v1', status: 'stopped' },
    });
    const [live, ended] = await Promise.all([
      db.contact.create({ data: { runId: run.id, workspaceId, phone: '+15550001001', state: 'waiting_reply' } }),
      db.contact.create({
        data: { runId: run.id, workspaceId, phone: '+15550001002', state: 'stopped', endedAt: new Date() },
      }),
    ]);
    const send = await db.messageLog.create({
      data: {
        workspaceId,
        idempotencyKey: `delete-${journeyId}`,
        runId: run.id,
        contactId: ended.id,
        phone: ended.phone,
        channel: 'sms',
        body: 'Still queued',
        status: 'queued',
      },
    });

    const refused = await call('DELETE', `/api/journeys/${journeyId}`, { token: alice.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      error: {
        code: 'conflict',
        message: expect.stringMatching(/1 run in progress, with 1 live contact and 1 unfinished send/),
        details: { runs: 1, liveContacts: 1, unfinishedSends: 1 },
      },
    });
    expect(await db.contact.count({ where: { runId: run.id } })).toBe(2);

    // The contact ended; the send is still queued: still refused, for the send alone.
    await db.contact.update({ where: { id: live.id }, data: { state: 'stopped', endedAt: new Date() } });
    const stillRefused = await call('DELETE', `/api/journeys/${journeyId}`, { token: alice.token });
    expect(stillRefused.status).toBe(409);
    expect((stillRefused.body as TErrorBody).error.details).toEqual({ runs: 1, liveContacts: 0, unfinishedSends: 1 });

    await db.messageLog.update({ where: { id: send.id }, data: { status: 'suppressed' } });
    expect((await call('DELETE', `/api/journeys/${journeyId}`, { token: alice.token })).status).toBe(204);
    expect(await db.run.count({ where: { id: run.id } })).toBe(0);
  });
});

describe('journeys: workspace isolation', () => {
  it("answers another workspace's journey exactly like a missing one, on GET, PUT and DELETE, and leaves it alone", async () => {
    const secret = await createJourney(alice.token, { name: 'Alice only', ...BROKEN_GRAPH });
    const id = secret.journey.id;
    const missing = crypto.randomUUID();

    for (const [method, body] of [['GET'], ['PUT', { name: 'Hijacked', status: 'archived' }], ['DELETE']] as const) {
      const theirs = await call(method, `/api/journeys/${id}`, { token: bob.token, body });
      const nobodys = await call(method, `/api/journeys/${missing}`, { token: bob.token, body });
      expect(theirs.status, method).toBe(404);
      expect(theirs.body, method).toEqual(nobodys.body);
    }
    const list = (await call('GET', '/api/journeys?limit=100', { token: bob.token })).body as TListBody;
    expect(list.items.map((item) => item.id)).not.toContain(id);

    const row = await db.journey.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: 'Alice only', status: 'draft', workspaceId: alice.user.workspaceId });
  });

  it('answers a malformed id 404 too, not 400, on GET, PUT and DELETE', async () => {
    for (const id of ['abc', '1', `${crypto.randomUUID()}x`, "' OR 1=1 --"]) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await call(method, `/api/journeys/${encodeURIComponent(id)}`, {
          token: alice.token,
          ...(method === 'PUT' ? { body: { name: 'x' } } : {}),
        });
        expect(res.status, `${method} ${id}`).toBe(404);
        expect(errorCode(res)).toBe('not_found');
      }
    }
  });

  it('ignores workspaceId, userId, id, status and timestamps in bodies (no mass assignment)', async () => {
    const chosenId = crypto.randomUUID();
    const res = await call('POST', '/api/journeys', {
      token: alice.token,
      body: {
        name: 'Sneaky',
        workspaceId: bob.user.workspaceId,
        userId: bob.user.id,
        id: chosenId,
        status: 'active',
        createdAt: '2000-01-01T00:00:00Z',
        ...BROKEN_GRAPH,
      },
    });
    expect(res.status).toBe(201);
    const created = (res.body as TJourneyBody).journey;
    expect(created.id).not.toBe(chosenId);
    expect(created.status).toBe('draft');
    let row = await db.journey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ workspaceId: alice.user.workspaceId, userId: alice.user.id, status: 'draft' });
    expect(row.createdAt.getFullYear()).toBeGreaterThan(2000);

    const update = await call('PUT', `/api/journeys/${created.id}`, {
      token: alice.token,
      body: {
        name: 'Still sneaky',
        workspaceId: bob.user.workspaceId,
        userId: bob.user.id,
        id: chosenId,
        createdAt: '2000-01-01T00:00:00Z',
      },
    });
    expect(update.status).toBe(200);
    row = await db.journey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ name: 'Still sneaky', workspaceId: alice.user.workspaceId, userId: alice.user.id });
    expect(row.createdAt.getFullYear()).toBeGreaterThan(2000);
    expect(await db.journey.count({ where: { id: chosenId } })).toBe(0);
    expect((await call('GET', `/api/journeys/${created.id}`, { token: bob.token })).status).toBe(404);
  });
});

describe('journeys: list', () => {
  it('pages with limit and cursor, newest change first, every journey exactly once, with node counts', async () => {
    const owner = await registerAdmin('pager');
    const created: TJourneyBody[] = [];
    for (let i = 0; i < 5; i += 1) {
      const nodes = Array.from({ length: i }, (_, n) => ({
        id: `n${n}`,
        type: 'end',
        position: { x: 0, y: 0 },
        data: {},
      }));
      created.push(await createJourney(owner.token, { name: `J${i}`, nodes }));
    }
    // Editing the oldest moves it to the front.
    const oldest = created[0]?.journey.id ?? '';
    expect(
      (await call('PUT', `/api/journeys/${oldest}`, { token: owner.token, body: { name: 'J0 edited' } })).status,
    ).toBe(200);

    const expected = (
      await db.journey.findMany({
        where: { workspaceId: owner.user.workspaceId },
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      })
    ).map((j) => j.id);
    expect(expected[0]).toBe(oldest);

    const pages: TListBody[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/api/journeys?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: owner.token,
      });
      expect(res.status).toBe(200);
      const page = res.body as TListBody;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);

    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    const items = pages.flatMap((page) => page.items);
    expect(items.map((item) => item.id)).toEqual(expected);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['createdAt', 'id', 'name', 'nodeCount', 'status', 'updatedAt']);
    const byName = Object.fromEntries(items.map((item) => [item.name, item]));
    expect([byName['J0 edited']?.nodeCount, byName.J1?.nodeCount, byName.J4?.nodeCount]).toEqual([0, 1, 4]);
    expect(byName.J4).toMatchObject({ status: 'draft', createdAt: created[4]?.journey.createdAt });

    const exact = (await call('GET', '/api/journeys?limit=5', { token: owner.token })).body as TListBody;
    expect(exact.items).toHaveLength(5);
    expect(exact.nextCursor).toBeNull();
    const byDefault = (await call('GET', '/api/journeys', { token: owner.token })).body as TListBody;
    expect(byDefault.items.map((item) => item.id)).toEqual(expected);
  });

  it("refuses a limit outside 1..100 and a cursor that is not one of the workspace's journeys", async () => {
    const bobs = await createJourney(bob.token, { name: 'Bob cursor' });
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'limit=1.5',
      `cursor=${bobs.journey.id}`,
      'cursor=nope',
      `cursor=${crypto.randomUUID()}`,
    ]) {
      const res = await call('GET', `/api/journeys?${query}`, { token: alice.token });
      expect(res.status, query).toBe(400);
      expect(errorCode(res)).toBe('invalid_input');
    }
    expect((await call('GET', '/api/journeys?limit=100', { token: alice.token })).status).toBe(200);
    expect((await call('GET', '/api/journeys?limit=1', { token: alice.token })).status).toBe(200);
  });
});

describe('send policy: journey and workspace', () => {
  const policy = {
    sendWindow: { start: '09:00', end: '20:00' },
    timeZone: 'Europe/Berlin',
    frequencyCap: { max: 3, windowHours: 24 },
  };

  it("stores a journey's send policy on create and update, and refuses a bad one with its path", async () => {
    const created = await createJourney(alice.token, { name: 'Polite', sendPolicy: policy });
    expect((created.journey as unknown as { sendPolicy: unknown }).sendPolicy).toEqual(policy);
    const updated = await call('PUT', `/api/journeys/${created.journey.id}`, {
      token: alice.token,
      body: { sendPolicy: { overCap: 'skip' } },
    });
    expect(updated.status).toBe(200);
    expect((updated.body as { journey: { sendPolicy: unknown } }).journey.sendPolicy).toEqual({ overCap: 'skip' });

    for (const sendPolicy of [
      { sendWindow: { start: '9:00', end: '20:00' } },
      { sendWindow: { start: '09:00', end: '09:00' } },
      { timeZone: 'Mars/Olympus' },
      { frequencyCap: { max: 0 } },
      { overCap: 'later' },
    ]) {
      const res = await call('PUT', `/api/journeys/${created.journey.id}`, {
        token: alice.token,
        body: { sendPolicy },
      });
      expect(res.status, JSON.stringify(sendPolicy)).toBe(400);
      expect((res.body as TErrorBody).error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^sendPolicy/) })]),
      );
    }
  });

  it("lets only an admin set or change a journey's send policy; a member's save that leaves it unchanged works", async () => {
    const member = await addMember(alice.user.workspaceId);
    const loosened = { sendWindow: { start: '00:00', end: '23:59' }, frequencyCap: { max: 1000, windowHours: 1 } };
    const refusedCreate = await call('POST', '/api/journeys', {
      token: member.token,
      body: { name: 'Loud', sendPolicy: loosened },
    });
    expect(refusedCreate.status).toBe(403);
    expect((refusedCreate.body as TErrorBody).error).toMatchObject({
      code: 'forbidden',
      details: { path: 'sendPolicy' },
    });
    expect((refusedCreate.body as TErrorBody).error.message).toMatch(
      /Only an admin may set or change a journey's sendPolicy/,
    );
    // An empty policy sets nothing: a member's plain create still works.
    const plain = await createJourney(member.token, { name: 'Plain', sendPolicy: {} });

    const byAdmin = await createJourney(alice.token, { name: 'Polite by admin', sendPolicy: policy });
    for (const [id, sendPolicy] of [
      [byAdmin.journey.id, loosened],
      [byAdmin.journey.id, {}],
      [plain.journey.id, loosened],
    ] as const) {
      const refused = await call('PUT', `/api/journeys/${id}`, { token: member.token, body: { sendPolicy } });
      expect(refused.status, JSON.stringify(sendPolicy)).toBe(403);
      expect(errorCode(refused)).toBe('forbidden');
    }
    const stored = await db.journey.findUniqueOrThrow({ where: { id: byAdmin.journey.id } });
    expect(stored.sendPolicy).toEqual(policy);

    // The builder sends the whole journey back, policy included: unchanged, it saves.
    const renamed = await call('PUT', `/api/journeys/${byAdmin.journey.id}`, {
      token: member.token,
      body: { name: 'Renamed by member', sendPolicy: { ...policy } },
    });
    expect(renamed.status).toBe(200);
    const withoutPolicy = await call('PUT', `/api/journeys/${byAdmin.journey.id}`, {
      token: member.token,
      body: { name: 'Renamed again' },
    });
    expect(withoutPolicy.status).toBe(200);
    expect((withoutPolicy.body as { journey: { sendPolicy: unknown } }).journey.sendPolicy).toEqual(policy);
    // The admin still changes it.
    const changed = await call('PUT', `/api/journeys/${byAdmin.journey.id}`, {
      token: alice.token,
      body: { sendPolicy: loosened },
    });
    expect(changed.status).toBe(200);
  });

  it('lets an admin set the workspace policy; a member reads it but may not change it; bad input is refused', async () => {
    const read = await call('GET', '/api/workspace', { token: alice.token });
    expect(read.status).toBe(200);
    expect((read.body as { workspace: { sendPolicy: unknown } }).workspace.sendPolicy).toEqual({});

    const set = await call('PUT', '/api/workspace/send-policy', { token: alice.token, body: policy });
    expect(set.status).toBe(200);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: alice.user.workspaceId } })).sendPolicy).toEqual(
      policy,
    );
    expect(
      ((await call('GET', '/api/workspace', { token: bob.token })).body as { workspace: { sendPolicy: unknown } })
        .workspace.sendPolicy,
    ).toEqual({});

    const member = await addMember(alice.user.workspaceId);
    expect((await call('GET', '/api/workspace', { token: member.token })).status).toBe(200);
    expect((await call('PUT', '/api/workspace/send-policy', { token: member.token, body: {} })).status).toBe(403);
    const bad = await call('PUT', '/api/workspace/send-policy', {
      token: alice.token,
      body: { timeZone: 'Nowhere/Else', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('invalid_input');
  });
});
