import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Prisma } from '../infra/db.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

const { db, app } = apiTestApp();

interface TSession {
  token: string;
  user: { id: string; workspaceId: string };
}
interface TSeeded {
  session: TSession;
  runId: string;
  campaignId: string;
}

const DDE = "=cmd|' /C calc'!A0";
const MULTILINE = 'line one\nline "two", with a comma';
const PHONE_1 = '+14155550101';
const PHONE_2 = '+14155550102';
const PHONE_3 = '+442079460958';
const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const MESSAGE_HEADER = [
  'createdAt',
  'phone',
  'channel',
  'status',
  'errorCode',
  'error',
  'body',
  'twilioSid',
  'runId',
  'campaignId',
  'nodeId',
  'attempts',
  'isTest',
];

async function register(label: string): Promise<TSession> {
  const res = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName(label)}@example.com`, password: 'correct-horse-battery', name: label }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as TSession;
}

async function createRun(session: TSession, label: string): Promise<string> {
  const { workspaceId, id: userId } = session.user;
  const journey = await db.journey.create({ data: { workspaceId, userId, name: label } });
  const version = await db.journeyVersion.create({
    data: { journeyId: journey.id, workspaceId, version: 1, name: label, nodes: [], edges: [] },
  });
  const run = await db.run.create({
    data: { workspaceId, userId, journeyId: journey.id, journeyVersionId: version.id, journeyName: label },
  });
  return run.id;
}

/** A workspace with a run of three contacts, a campaign and four messages. */
async function seed(label: string): Promise<TSeeded> {
  const session = await register(label);
  const { workspaceId, id: userId } = session.user;
  const runId = await createRun(session, label);
  const contacts: Prisma.ContactCreateManyInput[] = [
    {
      runId,
      workspaceId,
      phone: PHONE_1,
      vars: { name: DDE, plan: 'gold' },
      state: 'done',
      cursor: 'end',
      endedAt: at(9),
      history: [{ at: at(1).toISOString(), kind: 'visit', nodeId: 'start' }],
      startedAt: at(1),
      visited: ['start'],
    },
    {
      runId,
      workspaceId,
      phone: PHONE_2,
      vars: { name: 'Bob', note: MULTILINE, score: -5 },
      state: 'waiting_reply',
      cursor: 'ask',
      history: [],
    },
    {
      runId,
      workspaceId,
      phone: PHONE_3,
      vars: { name: '@SUM(A1:A9)' },
      state: 'failed',
      cursor: 'hello',
      error: '-broken',
      endedAt: at(3),
    },
  ];
  await db.contact.createMany({ data: contacts });
  const campaign = await db.campaign.create({ data: { workspaceId, userId, name: label, channel: 'sms' } });
  const message = (data: Omit<Prisma.MessageLogUncheckedCreateInput, 'workspaceId' | 'idempotencyKey'>) =>
    db.messageLog.create({ data: { workspaceId, idempotencyKey: uniqueName('key'), ...data } });
  await message({
    runId,
    phone: PHONE_1,
    channel: 'whatsapp',
    nodeId: 'm1',
    body: '@SUM(1+1)*cmd',
    status: 'delivered',
    twilioSid: `SM${uniqueName('sid').replace(/\W/g, '')}`,
    attempts: 1,
    createdAt: at(0),
  });
  await message({
    runId,
    phone: PHONE_2,
    channel: 'whatsapp',
    nodeId: 'm1',
    body: MULTILINE,
    status: 'failed',
    errorCode: 63016,
    error: 'outside window',
    attempts: 4,
    createdAt: at(1),
  });
  await message({
    campaignId: campaign.id,
    phone: PHONE_3,
    channel: 'sms',
    body: 'Hello',
    status: 'sent',
    createdAt: at(2),
  });
  await message({ phone: PHONE_1, channel: 'sms', body: '+1 555 0100 call us', status: 'queued', createdAt: at(3) });
  return { session, runId, campaignId: campaign.id };
}

async function download(path: string, token?: string) {
  const res = await app.request(path, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  // ignoreBOM keeps the byte order mark in the text (Response.text() would drop it).
  return {
    status: res.status,
    headers: res.headers,
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()),
  };
}

/** The CSV as rows of cells, header first; throws unless it is well-formed. */
function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

/** The rows as objects keyed by the header. */
function records(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

let alice: TSeeded;
let bob: TSeeded;
beforeAll(async () => {
  [alice, bob] = await Promise.all([seed('alice'), seed('bob')]);
});

describe('GET /api/runs/:id/contacts.csv', () => {
  it('downloads the run as a UTF-8 CSV attachment', async () => {
    const res = await download(`/api/runs/${alice.runId}/contacts.csv`, alice.session.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="run-${alice.runId}-contacts.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text.startsWith('\uFEFFphone,state,node,')).toBe(true);
  });

  it('flattens vars into columns, neutralises formulas and leaves phones intact', async () => {
    const { text } = await download(`/api/runs/${alice.runId}/contacts.csv`, alice.session.token);
    expect(parseCsv(text)[0]).toEqual([
      'phone',
      'state',
      'node',
      'vars.name',
      'vars.note',
      'vars.plan',
      'vars.score',
      'startedAt',
      'endedAt',
      'error',
      'isTest',
    ]);
    expect(records(text)).toEqual([
      {
        phone: PHONE_1,
        state: 'done',
        node: 'end',
        'vars.name': `'${DDE}`,
        'vars.note': '',
        'vars.plan': 'gold',
        'vars.score': '',
        startedAt: at(1).toISOString(),
        endedAt: at(9).toISOString(),
        error: '',
        isTest: 'false',
      },
      {
        phone: PHONE_2,
        state: 'waiting_reply',
        node: 'ask',
        'vars.name': 'Bob',
        'vars.note': MULTILINE,
        'vars.plan': '',
        'vars.score': '-5',
        startedAt: '',
        endedAt: '',
        error: '',
        isTest: 'false',
      },
      {
        phone: PHONE_3,
        state: 'failed',
        node: 'hello',
        'vars.name': `'@SUM(A1:A9)`,
        'vars.note': '',
        'vars.plan': '',
        'vars.score': '',
        startedAt: '',
        endedAt: at(3).toISOString(),
        error: `'-broken`,
        isTest: 'false',
      },
    ]);
  });

  it('streams every contact of a big run across pages, once each, in phone order', async () => {
    const runId = await createRun(alice.session, 'big');
    const phones = Array.from({ length: 2_345 }, (_, i) => `+1415600${String(i).padStart(4, '0')}`);
    await db.contact.createMany({
      data: phones.map((phone, i) => ({
        runId,
        workspaceId: alice.session.user.workspaceId,
        phone,
        vars: { n: String(i) },
      })),
    });
    const { text } = await download(`/api/runs/${runId}/contacts.csv`, alice.session.token);
    const rows = records(text);
    expect(rows.map((row) => row.phone)).toEqual(phones);
    expect(rows.map((row) => row['vars.n'])).toEqual(phones.map((_, i) => String(i)));

    // A client that accepts gzip gets the same bytes, compressed as they stream.
    const res = await app.request(`/api/runs/${runId}/contacts.csv`, {
      headers: { Authorization: `Bearer ${alice.session.token}`, 'Accept-Encoding': 'gzip' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const compressed = Buffer.from(await res.arrayBuffer());
    expect(compressed.length).toBeLessThan(Buffer.byteLength(text) / 3);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(gunzipSync(compressed))).toBe(text);
  });

  it('puts variables past the column limit in one otherVars JSON column', async () => {
    const runId = await createRun(alice.session, 'wide');
    const names = Array.from({ length: 205 }, (_, i) => `v${String(i).padStart(3, '0')}`);
    await db.contact.createMany({
      data: names.map((name, i) => ({
        runId,
        workspaceId: alice.session.user.workspaceId,
        phone: `+1415700${String(i).padStart(4, '0')}`,
        vars: { [name]: '=1+1' },
      })),
    });
    const { text } = await download(`/api/runs/${runId}/contacts.csv`, alice.session.token);
    const header = parseCsv(text)[0]!;
    expect(header.filter((name) => name.startsWith('vars.'))).toEqual(
      names.slice(0, 200).map((name) => `vars.${name}`),
    );
    expect(header).toContain('otherVars');
    const last = records(text).at(-1)!;
    expect(JSON.parse(last.otherVars!)).toEqual({ v204: '=1+1' });
    expect(records(text)[0]!['vars.v000']).toBe(`'=1+1`);
  });

  it("answers another workspace's run exactly like a missing or malformed id", async () => {
    const theirs = await download(`/api/runs/${alice.runId}/contacts.csv`, bob.session.token);
    const missing = await download(`/api/runs/${crypto.randomUUID()}/contacts.csv`, bob.session.token);
    const malformed = await download('/api/runs/not-a-uuid/contacts.csv', bob.session.token);
    expect(theirs.status).toBe(404);
    expect(JSON.parse(theirs.text)).toEqual({ error: { code: 'not_found', message: 'No such run.' } });
    for (const other of [missing, malformed])
      expect({ status: other.status, text: other.text }).toEqual({ status: theirs.status, text: theirs.text });
  });

  it('needs a session', async () => {
    const res = await download(`/api/runs/${alice.runId}/contacts.csv`);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});

describe('GET /api/messages.csv', () => {
  it("exports the workspace's messages oldest first with the documented columns, and only its own", async () => {
    const res = await download('/api/messages.csv', alice.session.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="messages-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv"$/,
    );
    expect(parseCsv(res.text)[0]).toEqual(MESSAGE_HEADER);
    const rows = records(res.text);
    const stored = await db.messageLog.findMany({
      where: { workspaceId: alice.session.user.workspaceId },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      createdAt: at(0).toISOString(),
      phone: PHONE_1,
      channel: 'whatsapp',
      status: 'delivered',
      errorCode: '',
      error: '',
      body: `'@SUM(1+1)*cmd`,
      twilioSid: stored[0]!.twilioSid,
      runId: alice.runId,
      campaignId: '',
      nodeId: 'm1',
      attempts: '1',
      isTest: 'false',
    });
    expect(rows.map((row) => row.body)).toEqual([`'@SUM(1+1)*cmd`, MULTILINE, 'Hello', `'+1 555 0100 call us`]);
    expect(rows[1]).toMatchObject({ errorCode: '63016', error: 'outside window', attempts: '4', phone: PHONE_2 });
    expect(rows.map((row) => row.phone)).toEqual([PHONE_1, PHONE_2, PHONE_3, PHONE_1]);
  });

  it('applies the filters of GET /api/messages', async () => {
    const bodies = async (query: string) => {
      const res = await download(`/api/messages.csv?${query}`, alice.session.token);
      expect(res.status, query).toBe(200);
      return records(res.text).map((row) => row.body);
    };
    expect(await bodies(`runId=${alice.runId}`)).toEqual([`'@SUM(1+1)*cmd`, MULTILINE]);
    expect(await bodies(`campaignId=${alice.campaignId}`)).toEqual(['Hello']);
    expect(await bodies('status=failed,sent')).toEqual([MULTILINE, 'Hello']);
    expect(await bodies('channel=sms')).toEqual(['Hello', `'+1 555 0100 call us`]);
    expect(await bodies(`phone=${encodeURIComponent(PHONE_1)}`)).toEqual([`'@SUM(1+1)*cmd`, `'+1 555 0100 call us`]);
    expect(await bodies(`from=${at(1).toISOString()}&to=${at(3).toISOString()}`)).toEqual([MULTILINE, 'Hello']);
    expect(await bodies(`runId=${alice.runId}&status=sent`)).toEqual([]);
  });

  it('refuses invalid filters with 400 in the error shape', async () => {
    const res = await download('/api/messages.csv?status=nonsense', alice.session.token);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(
      (await download(`/api/messages.csv?from=${at(3).toISOString()}&to=${at(1).toISOString()}`, alice.session.token))
        .status,
    ).toBe(400);
  });

  it("answers another workspace's run or campaign exactly like a missing one", async () => {
    const run = await download(`/api/messages.csv?runId=${alice.runId}`, bob.session.token);
    expect(run.status).toBe(404);
    expect(run.text).toBe((await download(`/api/messages.csv?runId=${crypto.randomUUID()}`, bob.session.token)).text);
    const campaign = await download(`/api/messages.csv?campaignId=${alice.campaignId}`, bob.session.token);
    expect(campaign.status).toBe(404);
    expect(campaign.text).toBe(
      (await download(`/api/messages.csv?campaignId=${crypto.randomUUID()}`, bob.session.token)).text,
    );
  });

  it('streams many messages sharing one createdAt across pages, once each', async () => {
    const session = await register('many');
    const workspaceId = session.user.workspaceId;
    await db.messageLog.createMany({
      data: Array.from({ length: 2_100 }, (_, i) => ({
        workspaceId,
        idempotencyKey: uniqueName(`bulk-${i}`),
        phone: PHONE_1,
        channel: 'sms' as const,
        body: `#${i}`,
        createdAt: at(i < 1_500 ? 5 : 6),
      })),
    });
    const rows = records((await download('/api/messages.csv', session.token)).text);
    expect(rows).toHaveLength(2_100);
    expect(new Set(rows.map((row) => row.body)).size).toBe(2_100);
    const stored = await db.messageLog.findMany({
      where: { workspaceId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { body: true },
    });
    expect(rows.map((row) => row.body)).toEqual(stored.map((row) => row.body));
  });

  it('needs a session', async () => {
    const res = await download('/api/messages.csv');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
