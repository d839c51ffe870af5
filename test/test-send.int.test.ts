/**
 * Test sends through the HTTP API with every piece real (Temporal worker, BullMQ message
 * worker, the sandbox behind the twilio client): a journey with a one-day wait and a wait
 * for a reply runs to its end in seconds for the tester's phone; the run, its contact, its
 * messages, the runs list, the exports and Temporal say it is a test; it is left out of
 * the frequency cap (both ways) and of the metrics; an opt-out still stops it and refuses
 * the next; bad input and too many tests answer in the one error shape.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneMessageJourney } from '../core/journey/fixtures.js';
import type { TJourney } from '../core/journey/schema.js';
import { createMetrics, type MetricsSources } from '../infra/metrics.js';
import { createLogger } from '../infra/logger.js';
import { contactWorkflowId, stateQuery, type THistoryEntry } from '../workflows/contract/index.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

/** Test sends each workspace may start per hour here: low, so the limit is reached in a few. */
const PER_HOUR = 3;

let stack: Awaited<ReturnType<typeof startSendStack>>;

beforeAll(async () => {
  stack = await startSendStack({ RATE_LIMIT_TEST_SENDS_PER_HOUR: String(PER_HOUR) });
});
afterAll(() => stack.stop());

interface TSession {
  token: string;
  workspaceId: string;
}

/** A workspace of its own per test: the rate limit and the opt-out list are per workspace. */
async function register(): Promise<TSession> {
  const res = await stack.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `${uniqueName('test-send')}@example.com`,
      password: 'a-good-password',
      name: 'Tess',
    }),
  });
  const body = (await res.json()) as { token: string; user: { workspaceId: string } };
  return { token: body.token, workspaceId: body.user.workspaceId };
}

function call(session: TSession, path: string, init: { method?: string; json?: unknown } = {}) {
  return stack.request(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${session.token}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : null,
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function createJourney(session: TSession, journey: unknown): Promise<string> {
  const res = await call(session, '/api/journeys', { method: 'POST', json: journey });
  expect(res.status).toBe(201);
  return ((await res.json()) as { journey: { id: string } }).journey.id;
}

const newPhone = () => `+1212557${String(1000 + Math.floor(Math.random() * 9000))}`;

interface TTestAnswer {
  runId: string;
  version: number;
  phone: string;
  testTiming: { waitSeconds: number; replyTimeoutSeconds: number };
  summary: string;
}

async function testSend(session: TSession, journeyId: string, body: unknown) {
  const res = await call(session, `/api/journeys/${journeyId}/test`, { method: 'POST', json: body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as TTestAnswer & TError };
}

interface TError {
  error: { code: string; message: string; details?: unknown };
}

interface TRun {
  id: string;
  status: string;
  isTest: boolean;
  testTiming: unknown;
  counts: { byState: Record<string, number> };
}

const getRun = async (session: TSession, runId: string) =>
  (await (await call(session, `/api/runs/${runId}`)).json()) as TRun;
const runDone = (session: TSession, runId: string) =>
  until(
    () => getRun(session, runId),
    (run) => run.status === 'done',
    `run ${runId} to finish`,
  );

const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data,
});
const edge = (source: string, target: string, sourceHandle: string | null = null) => ({
  id: `${source}-${sourceHandle ?? 'out'}-${target}`,
  source,
  sourceHandle,
  target,
});

/** hello -> wait a day -> ask -> wait a day for YES/NO -> one message per answer (or none) -> end. */
function dayLongJourney(): TJourney {
  return {
    name: 'Day-long follow-up',
    nodes: [
      node('start', 'start'),
      node('hello', 'message', { channel: 'sms', body: 'Hi {{firstName}}, thanks for your order.' }),
      node('pause', 'wait', { duration: 'P1D' }),
      node('ask', 'message', { channel: 'sms', body: 'Did it arrive? Reply YES or NO.' }),
      node('reply', 'waitForReply', {
        timeout: 'P1D',
        branches: [
          { id: 'yes', match: 'equals', value: 'yes' },
          { id: 'no', match: 'equals', value: 'no' },
        ],
      }),
      node('glad', 'message', { channel: 'sms', body: 'Glad to hear it, {{firstName}}!' }),
      node('sorry', 'message', { channel: 'sms', body: 'Sorry, we will call you.' }),
      node('silent', 'message', { channel: 'sms', body: 'No answer, no worries.' }),
      node('end', 'end'),
    ],
    edges: [
      edge('start', 'hello'),
      edge('hello', 'pause'),
      edge('pause', 'ask'),
      edge('ask', 'reply'),
      edge('reply', 'glad', 'yes'),
      edge('reply', 'sorry', 'no'),
      edge('reply', 'silent', 'timeout'),
      edge('glad', 'end'),
      edge('sorry', 'end'),
      edge('silent', 'end'),
    ],
  } as TJourney;
}

/** Replies as the phone: the sandbox posts a signed webhook to /api/inbound; answers that webhook's status. */
async function reply(session: TSession, from: string, body: string): Promise<number> {
  const res = await stack.request('/sandbox/reply', {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  return ((await res.json()) as { webhookStatus: number }).webhookStatus;
}

/** A CSV download as records keyed by its header. */
async function csvRecords(session: TSession, path: string): Promise<Record<string, string>[]> {
  const text = await (await call(session, path)).text();
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

describe('POST /api/journeys/:id/test', () => {
  it('runs a journey with a one-day wait and a wait for a reply to its end in seconds, marked as a test everywhere', async () => {
    const session = await register();
    const journeyId = await createJourney(session, dayLongJourney());
    const phone = newPhone();
    // Written as a person would: normalised to E.164 as an audience's phones are.
    const written = `+1 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    const sent = await testSend(session, journeyId, { phone: written, vars: { firstName: 'Tess' } });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ phone, version: 1, testTiming: { waitSeconds: 5, replyTimeoutSeconds: 120 } });
    expect(sent.body.summary).toMatch(/each wait of the journey becomes 5 seconds/i);
    expect(sent.body.summary).toMatch(/times out after 2 minutes/);
    expect(sent.body.summary).toMatch(/Opt-outs do apply/);
    const { runId } = sent.body;

    // The day's wait takes five seconds: the contact reaches its question and waits for the answer.
    const contactRow = await until(
      () => stack.db.contact.findFirst({ where: { runId } }),
      (row) => row?.state === 'waiting_reply',
      'the test contact to wait for its reply',
    );
    const history = contactRow!.history as unknown as THistoryEntry[];
    const shortened = history.filter((entry) => entry.kind === 'wait_shortened');
    expect(shortened.map(({ nodeId, detail }) => ({ nodeId, detail }))).toEqual([
      { nodeId: 'pause', detail: 'test send: wait of 1 day shortened to 5 seconds' },
      { nodeId: 'reply', detail: 'test send: reply timeout of 1 day shortened to 2 minutes' },
    ]);
    // The reply timeout is two minutes from when the contact began to wait, not a day.
    const state = await stack.client.workflow.getHandle(contactWorkflowId(runId, contactRow!.id)).query(stateQuery);
    expect(state.waiting).toMatchObject({ nodeId: 'reply', for: 'reply' });
    expect(Date.parse(state.waiting!.until) - Date.parse(shortened[1]!.at)).toBe(120_000);
    // Five seconds passed on Temporal's timer between the two messages, not a day.
    const pause = history.find((entry) => entry.kind === 'visit' && entry.nodeId === 'pause')!;
    const ask = history.find((entry) => entry.kind === 'visit' && entry.nodeId === 'ask')!;
    expect(Date.parse(ask.at) - Date.parse(pause.at)).toBeGreaterThanOrEqual(5_000);
    expect(Date.parse(ask.at) - Date.parse(pause.at)).toBeLessThan(3_600_000);

    expect(await reply(session, phone, 'Yes')).toBe(200);
    const run = await runDone(session, runId);
    expect(run).toMatchObject({ isTest: true, testTiming: { waitSeconds: 5, replyTimeoutSeconds: 120 } });
    expect(run.counts.byState).toEqual({ done: 1 });
    // Real messages, through the queue and the twilio client to the sandbox.
    expect((await stack.received(phone)).filter((m) => m.direction !== 'inbound').map((m) => m.body)).toEqual([
      'Hi Tess, thanks for your order.',
      'Did it arrive? Reply YES or NO.',
      'Glad to hear it, Tess!',
    ]);

    // Marked as a test: the contact (API and row), every message, the runs list and its filter.
    const contacts = (await (await call(session, `/api/runs/${runId}/contacts`)).json()) as {
      items: { isTest: boolean; phone: string }[];
    };
    expect(contacts.items).toEqual([expect.objectContaining({ phone, isTest: true })]);
    const logs = await stack.db.messageLog.findMany({ where: { runId } });
    expect(logs).toHaveLength(3);
    expect(logs.every((log) => log.isTest && log.twilioSid !== null)).toBe(true);
    const messages = (await (await call(session, `/api/messages?runId=${runId}`)).json()) as {
      items: { isTest: boolean }[];
    };
    expect(messages.items.map((m) => m.isTest)).toEqual([true, true, true]);
    const listed = async (query: string) =>
      ((await (await call(session, `/api/runs${query}`)).json()) as { items: TRun[] }).items.map((r) => [
        r.id,
        r.isTest,
      ]);
    expect(await listed('')).toEqual([[runId, true]]);
    expect(await listed('?test=true')).toEqual([[runId, true]]);
    expect(await listed('?test=false')).toEqual([]);

    // Exports say so in their isTest column.
    expect(await csvRecords(session, `/api/runs/${runId}/contacts.csv`)).toEqual([
      expect.objectContaining({ phone, isTest: 'true' }),
    ]);
    const exported = await csvRecords(session, `/api/messages.csv?runId=${runId}`);
    expect(exported.map((row) => row.isTest)).toEqual(['true', 'true', 'true']);

    // Temporal UI lists the run's workflows under RunKind="test", with a summary saying so.
    const ids = await until(
      async () => {
        const found: string[] = [];
        for await (const w of stack.client.workflow.list({ query: `RunKind="test" AND JourneyRunId="${runId}"` }))
          found.push(w.workflowId);
        return found.sort();
      },
      (found) => found.length === 2,
      'the test run to be listed by RunKind',
    );
    const contactId = (await stack.db.contact.findFirstOrThrow({ where: { runId } })).id;
    expect(ids).toEqual([contactWorkflowId(runId, contactId), `run-${runId}`].sort());
    const described = await stack.client.workflow.getHandle(contactWorkflowId(runId, contactId)).describe();
    expect(await described.staticSummary()).toBe(`Test send of Day-long follow-up to ${phone}`);
  });

  it('neither counts toward the frequency cap nor is held by it, and is left out of the metrics', async () => {
    const session = await register();
    const policy = await call(session, '/api/workspace/send-policy', {
      method: 'PUT',
      json: { frequencyCap: { max: 1, windowHours: 24 }, overCap: 'skip' },
    });
    expect(policy.status).toBe(200);
    const journeyId = await createJourney(session, oneMessageJourney());
    const launch = async (phone: string) => {
      const res = await call(session, `/api/journeys/${journeyId}/launch`, {
        method: 'POST',
        json: { contacts: [{ phone, vars: { name: 'Real' } }] },
      });
      expect(res.status).toBe(202);
      return ((await res.json()) as { runId: string }).runId;
    };
    const statuses = async (runId: string) =>
      (await stack.db.messageLog.findMany({ where: { runId } })).map((log) => log.status);

    // A test first, then a real launch to the same phone: the launch's message is not over the cap.
    const first = newPhone();
    const test = await testSend(session, journeyId, { phone: first, vars: { name: 'Test' } });
    expect(test.status).toBe(202);
    await runDone(session, test.body.runId);
    const real = await launch(first);
    await runDone(session, real);
    expect(await statuses(real)).toEqual([expect.stringMatching(/^(queued|sending|sent|delivered)$/)]);
    expect((await stack.received(first)).map((m) => m.body)).toEqual(['Hi Test', 'Hi Real']);

    // A real launch first, then a test: the test is not held (or skipped) by the cap.
    const second = newPhone();
    await runDone(session, await launch(second));
    const again = await testSend(session, journeyId, { phone: second, vars: { name: 'Test' } });
    expect(again.status).toBe(202);
    await runDone(session, again.body.runId);
    expect(await statuses(again.body.runId)).toEqual([expect.stringMatching(/^(queued|sending|sent|delivered)$/)]);
    expect((await stack.received(second)).map((m) => m.body)).toEqual(['Hi Real', 'Hi Test']);

    // /metrics counts the two launched messages of this workspace, not the two tests.
    const db = stack.db;
    const scoped = {
      messageLog: {
        groupBy: (args: { where?: object }) =>
          db.messageLog.groupBy({ ...args, where: { ...args.where, workspaceId: session.workspaceId } } as never),
      },
      contact: {
        count: (args: { where?: object }) =>
          db.contact.count({ ...args, where: { ...args.where, workspaceId: session.workspaceId } } as never),
      },
    } as unknown as MetricsSources['db'];
    const text = await createMetrics({ logger: createLogger('test', 'silent'), db: scoped }).render();
    const sends = [...text.matchAll(/^message_sends\{status="\w+"\} (\d+)$/gm)].map((m) => Number(m[1]));
    expect(sends.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('still honours opt-outs: a STOP ends the test, and the next test to that phone is refused', async () => {
    const session = await register();
    const journeyId = await createJourney(session, dayLongJourney());
    const phone = newPhone();
    const sent = await testSend(session, journeyId, { phone, vars: { firstName: 'Tess' } });
    expect(sent.status).toBe(202);
    await until(
      () => stack.db.contact.findFirst({ where: { runId: sent.body.runId } }),
      (row) => row?.state === 'waiting_reply',
      'the test contact to wait for its reply',
    );
    expect(await reply(session, phone, 'STOP')).toBe(200);
    const stopped = await until(
      () => getRun(session, sent.body.runId),
      (run) => run.counts.byState.stopped === 1,
      'the test contact to stop',
    );
    expect(stopped.isTest).toBe(true);

    const refused = await testSend(session, journeyId, { phone, vars: { firstName: 'Tess' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_input');
    expect(refused.body.error.details).toEqual([{ path: 'phone', message: expect.stringMatching(/opted out/) }]);
    expect(await stack.db.run.count({ where: { journeyId } })).toBe(1);
  });

  it('answers bad input in the one error shape, and refuses a journey with problems as a launch does', async () => {
    const session = await register();
    const journeyId = await createJourney(session, dayLongJourney());
    const problem = async (body: unknown) => {
      const res = await testSend(session, journeyId, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      return res.body.error.details;
    };
    expect(await problem({ phone: 'not-a-phone', vars: { firstName: 'A' } })).toEqual([
      { path: 'phone', message: 'contains characters that are not part of a phone number' },
    ]);
    expect(await problem({ phone: '020 7946 0958', vars: { firstName: 'A' } })).toEqual([
      { path: 'phone', message: expect.stringMatching(/national number without a country/) },
    ]);
    expect(await problem({ phone: newPhone(), vars: {} })).toEqual([
      { path: 'vars.firstName', message: "the journey's messages use {{firstName}}" },
    ]);
    expect(await problem({ phone: newPhone(), vars: { firstName: 'A', 'bad name': 'x', phone: '+1' } })).toEqual([
      { path: 'vars.bad name', message: '"bad name" is not a valid variable name' },
      { path: 'vars.phone', message: expect.stringMatching(/built in/) },
    ]);
    expect(await problem({ phone: newPhone(), vars: { firstName: { nested: true } } })).toEqual([
      expect.objectContaining({ path: 'vars.firstName' }),
    ]);
    expect(await problem({ phone: newPhone(), extra: 1 })).toEqual([expect.objectContaining({ path: '' })]);

    // A national number with its country is fine: the same rules as an audience's phones.
    const national = await testSend(session, journeyId, {
      phone: '020 7946 0958',
      defaultCountry: 'GB',
      vars: { firstName: 'A' },
    });
    expect(national.status).toBe(202);
    expect(national.body.phone).toBe('+442079460958');

    const broken = await createJourney(session, { name: 'Broken', nodes: [node('start', 'start')], edges: [] });
    const refused = await testSend(session, broken, { phone: newPhone() });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('The journey has problems; fix them before launching.');

    const missing = await testSend(session, crypto.randomUUID(), { phone: newPhone() });
    expect(missing.status).toBe(404);
  });

  it(`starts at most ${PER_HOUR} test sends per workspace in an hour, then answers 429 with Retry-After`, async () => {
    const session = await register();
    const journeyId = await createJourney(session, oneMessageJourney());
    for (let i = 0; i < PER_HOUR; i += 1) {
      expect((await testSend(session, journeyId, { phone: newPhone(), vars: { name: 'T' } })).status).toBe(202);
    }
    const limited = await testSend(session, journeyId, { phone: newPhone(), vars: { name: 'T' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({
      code: 'rate_limited',
      details: { scope: 'test_send', limit: PER_HOUR, windowSeconds: 3600 },
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe((limited.body.error.details as { retryAfterSeconds: number }).retryAfterSeconds);
    expect(retryAfter).toBeGreaterThan(3_000);
    expect(await stack.db.run.count({ where: { journeyId } })).toBe(PER_HOUR);

    // Another workspace has its own allowance; launches are not limited by it.
    const other = await register();
    const otherJourney = await createJourney(other, oneMessageJourney());
    expect((await testSend(other, otherJourney, { phone: newPhone(), vars: { name: 'T' } })).status).toBe(202);
    const launched = await call(session, `/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      json: { contacts: [{ phone: newPhone(), vars: { name: 'L' } }] },
    });
    expect(launched.status).toBe(202);
  });
});
