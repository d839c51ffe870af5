import { beforeAll, describe, expect, it } from 'vitest';
import { type Channel, type MessageStatus } from '../infra/db.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

const { db, app } = apiTestApp();

interface TSession {
  token: string;
  user: { id: string; workspaceId: string };
}
interface TMessage {
  id: string;
  runId: string | null;
  contactId: string | null;
  campaignId: string | null;
  phone: string;
  channel: Channel;
  status: MessageStatus;
  createdAt: string;
}
interface TPage {
  items: TMessage[];
  nextCursor: string | null;
}
interface TErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}
/** What is stored for each row, to compute the expected answers from. */
interface TRow {
  id: string;
  runId: string | null;
  contactId: string | null;
  campaignId: string | null;
  phone: string;
  channel: Channel;
  status: MessageStatus;
  createdAt: Date;
}
interface TWorkspace {
  session: TSession;
  runId: string;
  campaignId: string;
  contactIds: [string, string];
  rows: TRow[];
}

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const PHONE_A = '+14155550101';
const PHONE_B = '+14155550102';
const PHONE_UK = '+442079460958';

async function get(path: string, token?: string) {
  const res = await app.request(path, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function register(label: string): Promise<TSession> {
  const res = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName(label)}@example.com`, password: 'correct-horse-battery', name: label }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as TSession;
}

/** A workspace with a run (two contacts), a campaign and nine messages, three pairs sharing a createdAt. */
async function seedWorkspace(label: string): Promise<TWorkspace> {
  const session = await register(label);
  const { workspaceId, id: userId } = session.user;
  const journey = await db.journey.create({ data: { workspaceId, userId, name: label } });
  const version = await db.journeyVersion.create({
    data: { journeyId: journey.id, workspaceId, version: 1, name: label, nodes: [], edges: [] },
  });
  const run = await db.run.create({
    data: { workspaceId, userId, journeyId: journey.id, journeyVersionId: version.id, journeyName: label },
  });
  const c1 = await db.contact.create({ data: { runId: run.id, workspaceId, phone: PHONE_A } });
  const c2 = await db.contact.create({ data: { runId: run.id, workspaceId, phone: PHONE_B } });
  const campaign = await db.campaign.create({ data: { workspaceId, userId, name: label, channel: 'sms' } });
  const inRun = (contact: typeof c1) => ({
    runId: run.id,
    contactId: contact.id,
    phone: contact.phone,
    channel: 'whatsapp' as const,
    nodeId: 'm1',
  });
  const inCampaign = (phone: string) => ({ campaignId: campaign.id, phone, channel: 'sms' as const });
  const specs = [
    { ...inRun(c1), status: 'sent', createdAt: at(0) },
    { ...inRun(c2), status: 'delivered', createdAt: at(1) },
    { ...inRun(c1), status: 'failed', createdAt: at(1) },
    { ...inCampaign(PHONE_B), status: 'undelivered', createdAt: at(1) },
    { ...inCampaign(PHONE_A), status: 'read', createdAt: at(2) },
    { phone: PHONE_UK, channel: 'sms' as const, status: 'pending', createdAt: at(3) },
    { ...inRun(c2), status: 'failed', createdAt: at(3) },
    { ...inCampaign(PHONE_UK), status: 'suppressed', createdAt: at(4) },
    {
      ...inRun(c1),
      status: 'queued',
      createdAt: at(5),
      errorCode: 63016,
      error: 'outside window',
      attempts: 2,
      sentAt: at(5),
    },
  ] as const;
  const rows = await Promise.all(
    specs.map((spec) =>
      db.messageLog.create({ data: { workspaceId, idempotencyKey: uniqueName('key'), body: 'Hi', ...spec } }),
    ),
  );
  return { session, runId: run.id, campaignId: campaign.id, contactIds: [c1.id, c2.id], rows };
}

/** Ids newest first, ties by id descending: the order the API promises. */
function newestFirst(rows: TRow[]): string[] {
  return [...rows]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((row) => row.id);
}

let alice: TWorkspace;
let bob: TWorkspace;
beforeAll(async () => {
  [alice, bob] = await Promise.all([seedWorkspace('alice'), seedWorkspace('bob')]);
});

/** Ids of one page of alice's messages for a raw query string. */
async function aliceIds(query: string): Promise<string[]> {
  const res = await get(`/api/messages?${query}`, alice.session.token);
  expect(res.status, query).toBe(200);
  const page = res.body as TPage;
  expect(page.nextCursor, query).toBeNull();
  return page.items.map((item) => item.id);
}

describe('GET /api/messages: filters', () => {
  it('lists every message of the workspace, newest first, and only its own', async () => {
    expect(await aliceIds('')).toEqual(newestFirst(alice.rows));
    const bobIds = (await get('/api/messages', bob.session.token)).body as TPage;
    expect(bobIds.items.map((item) => item.id)).toEqual(newestFirst(bob.rows));
  });

  it('answers each row with exactly the documented fields', async () => {
    const page = (await get('/api/messages?limit=1', alice.session.token)).body as TPage;
    const row = await db.messageLog.findUniqueOrThrow({ where: { id: page.items[0]!.id } });
    expect(page.items[0]).toEqual({
      id: row.id,
      idempotencyKey: row.idempotencyKey,
      runId: alice.runId,
      contactId: alice.contactIds[0],
      campaignId: null,
      nodeId: 'm1',
      phone: PHONE_A,
      channel: 'whatsapp',
      body: 'Hi',
      contentSid: null,
      twilioSid: null,
      status: 'queued',
      errorCode: 63016,
      error: 'outside window',
      attempts: 2,
      isTest: false,
      createdAt: at(5).toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      sentAt: at(5).toISOString(),
    });
  });

  it('narrows to exactly the matching rows for each filter', async () => {
    const only = (keep: (row: TRow) => boolean) => newestFirst(alice.rows.filter(keep));
    const cases: Array<[string, (row: TRow) => boolean]> = [
      [`runId=${alice.runId}`, (row) => row.runId === alice.runId],
      [`campaignId=${alice.campaignId}`, (row) => row.campaignId === alice.campaignId],
      [`contactId=${alice.contactIds[1]}`, (row) => row.contactId === alice.contactIds[1]],
      [`phone=%2B14155550101`, (row) => row.phone === PHONE_A],
      [`phone=${encodeURIComponent(PHONE_UK)}`, (row) => row.phone === PHONE_UK],
      ['channel=sms', (row) => row.channel === 'sms'],
      ['status=failed', (row) => row.status === 'failed'],
      ['status=failed,undelivered', (row) => row.status === 'failed' || row.status === 'undelivered'],
      ['status=failed&status=undelivered', (row) => row.status === 'failed' || row.status === 'undelivered'],
      [
        'status=failed,undelivered&status=read&status=failed',
        (row) => ['failed', 'undelivered', 'read'].includes(row.status),
      ],
      [
        `from=${at(1).toISOString()}&to=${at(3).toISOString()}`,
        (row) => row.createdAt >= at(1) && row.createdAt < at(3),
      ],
      [`from=${encodeURIComponent('2025-03-01T14:03:00+02:00')}`, (row) => row.createdAt >= at(3)],
      [`to=${at(1).toISOString()}`, (row) => row.createdAt < at(1)],
      [
        `runId=${alice.runId}&status=failed&phone=%2B14155550102`,
        (row) => row.runId === alice.runId && row.status === 'failed' && row.phone === PHONE_B,
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = only(keep);
      // Neither everything nor nothing, so each case shows its filter at work.
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(alice.rows.length);
      expect(await aliceIds(query), query).toEqual(expected);
    }
  });

  it("finds nothing for another workspace's contact, or a phone never messaged", async () => {
    expect(await aliceIds(`contactId=${bob.contactIds[0]}`)).toEqual([]);
    expect(await aliceIds('phone=%2B15005550006')).toEqual([]);
  });

  it("answers 404 for another workspace's run or campaign, as for a missing one", async () => {
    for (const query of [`runId=${bob.runId}`, `campaignId=${bob.campaignId}`, `runId=${crypto.randomUUID()}`]) {
      const res = await get(`/api/messages?${query}`, alice.session.token);
      expect(res.status, query).toBe(404);
      expect((res.body as TErrorBody).error.code).toBe('not_found');
    }
  });
});

describe('GET /api/messages: pagination', () => {
  /** Follows nextCursor from the first page to the last, checking each page's size. */
  async function walk(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/messages?${query}&limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const res = await get(path, alice.session.token);
      expect(res.status, path).toBe(200);
      const page = res.body as TPage;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor !== null) expect(page.items).toHaveLength(limit);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return seen;
  }

  it('walks every row exactly once, in order, across rows sharing a createdAt', async () => {
    for (const limit of [1, 2, 3]) expect(await walk('', limit), `limit ${limit}`).toEqual(newestFirst(alice.rows));
  });

  it('keeps the filters while paging', async () => {
    const expected = newestFirst(alice.rows.filter((row) => row.channel === 'sms' && row.createdAt < at(4)));
    expect(await walk(`channel=sms&to=${at(4).toISOString()}`, 2)).toEqual(expected);
  });

  it('answers nextCursor only while more rows follow', async () => {
    const count = alice.rows.length;
    expect(((await get(`/api/messages?limit=${count}`, alice.session.token)).body as TPage).nextCursor).toBeNull();
    expect(((await get(`/api/messages?limit=${count - 1}`, alice.session.token)).body as TPage).nextCursor).toEqual(
      expect.any(String),
    );
  });
});

describe('GET /api/messages: refusals', () => {
  it('answers 401 without a token', async () => {
    const res = await get('/api/messages');
    expect(res.status).toBe(401);
    expect((res.body as TErrorBody).error.code).toBe('unauthenticated');
  });

  it('answers 400 in the one error shape, naming the field, for bad input', async () => {
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    const cases: Array<[string, string]> = [
      ['runId=not-a-uuid', 'runId'],
      ['campaignId=123', 'campaignId'],
      ['contactId=', 'contactId'],
      ['status=bogus', 'status.0'],
      ['status=failed,bogus', 'status.1'],
      ['status=', 'status.0'],
      ['channel=fax', 'channel'],
      ['phone=14155550101', 'phone'],
      // An unencoded `+` arrives as a space.
      ['phone=+14155550101', 'phone'],
      ['from=yesterday', 'from'],
      ['to=2025-03-01', 'to'],
      [`from=${at(1).toISOString()}&to=${at(1).toISOString()}`, 'from'],
      [`from=${at(2).toISOString()}&to=${at(1).toISOString()}`, 'from'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${forged(`${at(0).toISOString()}|not-a-uuid`)}`, 'cursor'],
      [`cursor=${forged(`someday|${alice.rows[0]!.id}`)}`, 'cursor'],
      [`cursor=${forged(alice.rows[0]!.id)}`, 'cursor'],
      [`cursor=${alice.rows[0]!.id}`, 'cursor'],
    ];
    for (const [query, path] of cases) {
      const res = await get(`/api/messages?${query}`, alice.session.token);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toEqual({
        error: {
          code: 'invalid_input',
          message: 'Invalid query.',
          details: expect.arrayContaining([{ path, message: expect.any(String) }]),
        },
      });
    }
  });

  it('says why from >= to is refused', async () => {
    const res = await get(`/api/messages?from=${at(2).toISOString()}&to=${at(1).toISOString()}`, alice.session.token);
    expect((res.body as TErrorBody).error.details).toEqual([
      { path: 'from', message: expect.stringMatching(/`from` must be earlier than `to`/) },
    ]);
  });
});
