/**
 * Fault injection, the attempt log and the rate histogram of the built-in Twilio sandbox,
 * observed through the official `twilio` client on a real HTTP port, as the message
 * worker sees them. No assertion depends on durations: only outcomes, order and counts.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxAttempt, type TFaultRuleInput } from '../sandbox/index.js';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../infra/config.js';
import { createDb, type Db } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import { createTwilioClient, isTwilioRestException, type TwilioClient } from '../infra/twilio.js';
import { asOperator } from './support/sandbox-operator.js';

const SMS_FROM = '+15005550006';
const WHATSAPP_FROM = 'whatsapp:+14155238886';

/** Phones no other test (nor test/sandbox.int.test.ts, which uses +1555…) has used. */
const runSeed = Math.floor(Math.random() * 90_000) + 10_000;
let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+1556${String(runSeed * 100 + phoneCounter).padStart(7, '0')}`;
}

let db: Db;
let server: ServerType;
let sandbox: Sandbox;
/** A second sandbox on the same port, closed mid-test to check held answers are released. */
let closable: Sandbox;
let baseUrl: string;
let client: TwilioClient;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { max: 4 });
  const parent = new Hono();
  server = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sandboxDeps = {
    db,
    logger: createLogger('sandbox-faults-test', 'silent'),
    accountSid: SANDBOX_ACCOUNT_SID,
    authToken: SANDBOX_AUTH_TOKEN,
    publicUrl: baseUrl,
    delivery: { callbackBackoffMs: 5 },
  };
  sandbox = createSandbox(sandboxDeps);
  closable = createSandbox(sandboxDeps);
  parent.route('/sandbox', sandbox.app);
  parent.route('/closable', closable.app);
  client = createTwilioClient({
    accountSid: SANDBOX_ACCOUNT_SID,
    authToken: SANDBOX_AUTH_TOKEN,
    apiUrl: `${baseUrl}/sandbox/twilio`,
  });
});

afterEach(() => {
  sandbox?.faults.clear();
});

afterAll(async () => {
  for (const each of [sandbox, closable]) {
    if (!each) continue;
    await each.idle();
    each.close();
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await db?.$disconnect();
});

/** What a promise rejected with; fails the test if it resolved. */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the twilio client to throw');
}

/** Waits for `read` to return a value `done` accepts, polling the in-memory log (no fixed sleeps). */
async function eventually<T>(
  description: string,
  read: () => T,
  done: (value: T) => boolean,
  deadlineMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${description}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function addFault(rule: TFaultRuleInput) {
  return sandbox.faults.add(rule);
}

const send = (to: string, body = 'hello') => client.messages.create({ to, from: SMS_FROM, body });

describe('injected faults through the official client', () => {
  it('answers an error rule with its Twilio code, status and wording, and stores nothing', async () => {
    const to = uniquePhone();
    const start = new Date();
    addFault({ match: { to }, effect: { kind: 'error', code: 63016 } });
    const outsideWindow = await failure(send(to));
    expect(isTwilioRestException(outsideWindow)).toBe(true);
    expect(outsideWindow).toMatchObject({
      status: 400,
      code: 63016,
      moreInfo: 'https://www.twilio.com/docs/errors/63016',
    });
    expect(outsideWindow.message).toContain('outside the allowed window');

    sandbox.faults.clear();
    addFault({ match: { to }, effect: { kind: 'error', code: 12345, status: 403 } });
    const unknown = await failure(send(to));
    expect(unknown).toMatchObject({ status: 403, code: 12345 });
    expect(unknown.message).toContain('12345');

    expect(await client.messages.list({ to, dateSentAfter: start })).toEqual([]);
    expect(sandbox.attempts({ to }).map((a) => [a.outcome, a.httpStatus, a.code, a.fault, a.sid])).toEqual([
      ['error', 400, 63016, 'error', undefined],
      ['error', 403, 12345, 'error', undefined],
    ]);
  });

  it('throttles with HTTP 429 and code 20429', async () => {
    const to = uniquePhone();
    addFault({ match: { to }, effect: { kind: 'rateLimit' }, times: 1 });
    expect(await failure(send(to))).toMatchObject({ status: 429, code: 20429, message: 'Too Many Requests' });
    // The rule is spent: the retry goes through.
    const retried = await send(to);
    expect(retried.status).toBe('queued');
    expect(sandbox.attempts({ to }).map((a) => [a.outcome, a.httpStatus, a.fault])).toEqual([
      ['error', 429, 'rateLimit'],
      ['accepted', 201, undefined],
    ]);
  });

  it('delays a create under latency but dates the message at its arrival', async () => {
    const slow = uniquePhone();
    const fast = uniquePhone();
    addFault({ match: { to: slow }, effect: { kind: 'latency', ms: 1_000 } });
    const finished: string[] = [];
    const slowSend = send(slow, 'slow').then((message) => {
      finished.push('slow');
      return message;
    });
    // Sent once the slow request is in flight, so it arrives during the injected latency.
    await eventually(
      'slow request to arrive',
      () => sandbox.faults.list()[0]?.hits ?? 0,
      (hits) => hits === 1,
    );
    const fastMessage = await send(fast, 'fast');
    finished.push('fast');
    const slowMessage = await slowSend;
    expect(finished).toEqual(['fast', 'slow']);

    const [slowAttempt] = sandbox.attempts({ to: slow });
    const [fastAttempt] = sandbox.attempts({ to: fast });
    expect(slowAttempt).toMatchObject({
      outcome: 'accepted',
      httpStatus: 201,
      fault: 'latency',
      sid: slowMessage.sid,
      body: 'slow',
    });
    expect(fastAttempt).toMatchObject({ outcome: 'accepted', sid: fastMessage.sid });
    // Arrived first, answered last.
    expect(slowAttempt!.at.getTime()).toBeLessThanOrEqual(fastAttempt!.at.getTime());
    expect(slowAttempt!.answeredAt.getTime()).toBeGreaterThan(fastAttempt!.answeredAt.getTime());
    const all = sandbox.attempts();
    expect(all.findIndex((a) => a.sid === slowMessage.sid)).toBeLessThan(
      all.findIndex((a) => a.sid === fastMessage.sid),
    );
    // dateCreated is the arrival time, not the time after the delay.
    const stored = await db.sandboxMessage.findUniqueOrThrow({ where: { sid: slowMessage.sid } });
    expect(stored.dateCreated.toISOString()).toBe(slowAttempt!.at.toISOString());
  });

  it('stores the message and then answers a 5xx under serverErrorAfterRecord', async () => {
    const to = uniquePhone();
    const start = new Date();
    addFault({ match: { to }, effect: { kind: 'serverErrorAfterRecord', status: 503 } });
    const error = await failure(send(to, 'sent anyway'));
    expect(isTwilioRestException(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, code: 20500, message: 'Service Unavailable' });

    const listed = await client.messages.list({ to, dateSentAfter: start });
    expect(listed.map((m) => m.body)).toEqual(['sent anyway']);
    expect(sandbox.attempts({ to })).toEqual([
      expect.objectContaining({
        outcome: 'error',
        httpStatus: 503,
        code: 20500,
        fault: 'serverErrorAfterRecord',
        sid: listed[0]!.sid,
        from: SMS_FROM,
      }),
    ]);
    // Delivery goes on as for any accepted message.
    await sandbox.idle();
    expect((await client.messages(listed[0]!.sid).fetch()).status).toBe('delivered');
  });

  it('stores the message and holds the answer until the client times out under timeoutAfterRecord', async () => {
    const to = uniquePhone();
    const start = new Date();
    addFault({ match: { to }, effect: { kind: 'timeoutAfterRecord' } });
    const impatient = createTwilioClient({
      accountSid: SANDBOX_ACCOUNT_SID,
      authToken: SANDBOX_AUTH_TOKEN,
      apiUrl: `${baseUrl}/sandbox/twilio`,
      timeout: 300,
    });
    const error = await failure(impatient.messages.create({ to, from: SMS_FROM, body: 'timed out' }));
    expect(isTwilioRestException(error)).toBe(false);
    expect(`${String(error.code)} ${error.message}`).toMatch(/ECONNABORTED|ETIMEDOUT|timeout/i);

    const listed = await client.messages.list({ to, dateSentAfter: start });
    expect(listed.map((m) => m.body)).toEqual(['timed out']);
    // The held answer is released when the client hangs up.
    const [attempt] = await eventually(
      'the timed-out attempt',
      () => sandbox.attempts({ to }),
      (list) => list.length === 1,
    );
    expect(attempt).toMatchObject({
      outcome: 'error',
      httpStatus: 504,
      fault: 'timeoutAfterRecord',
      sid: listed[0]!.sid,
    });
  });

  it('stores the message and resets the connection under resetAfterRecord', async () => {
    const to = uniquePhone();
    const start = new Date();
    addFault({ match: { to: `whatsapp:${to}` }, effect: { kind: 'resetAfterRecord' }, times: 1 });
    const error = await failure(client.messages.create({ to: `whatsapp:${to}`, from: WHATSAPP_FROM, body: 'reset' }));
    expect(isTwilioRestException(error)).toBe(false);
    expect(`${String(error.code)} ${error.message}`).toMatch(/ECONNRESET|socket hang up/i);

    const listed = await client.messages.list({ to: `whatsapp:${to}`, dateSentAfter: start });
    expect(listed.map((m) => m.body)).toEqual(['reset']);
    expect(sandbox.attempts({ to })).toEqual([
      expect.objectContaining({ outcome: 'error', httpStatus: null, fault: 'resetAfterRecord', sid: listed[0]!.sid }),
    ]);
    // The client recovers on a fresh connection.
    expect((await client.messages.create({ to: `whatsapp:${to}`, from: WHATSAPP_FROM, body: 'again' })).body).toBe(
      'again',
    );
  });

  it('answers reset as a 500 when there is no socket to destroy (app.request)', async () => {
    const to = uniquePhone();
    addFault({ match: { to }, effect: { kind: 'resetAfterRecord' } });
    const response = await sandbox.app.request(`/twilio/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`,
      },
      body: new URLSearchParams({ To: to, From: SMS_FROM, Body: 'no socket' }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 20500, status: 500 });
    expect(sandbox.attempts({ to })).toEqual([
      expect.objectContaining({ httpStatus: 500, fault: 'resetAfterRecord', sid: expect.stringMatching(/^SM/) }),
    ]);
  });

  it('releases held answers when the sandbox closes', async () => {
    closable.faults.add({ effect: { kind: 'timeoutAfterRecord', ms: 600_000 } });
    const patient = createTwilioClient({
      accountSid: SANDBOX_ACCOUNT_SID,
      authToken: SANDBOX_AUTH_TOKEN,
      apiUrl: `${baseUrl}/closable/twilio`,
      timeout: 55_000,
    });
    const held = failure(patient.messages.create({ to: uniquePhone(), from: SMS_FROM, body: 'held' }));
    await eventually(
      'the held request to arrive',
      () => closable.faults.list()[0]?.hits ?? 0,
      (hits) => hits === 1,
    );
    await closable.idle();
    closable.close();
    expect(await held).toMatchObject({ status: 504, code: 20500 });
  });
});

describe('rule selection', () => {
  it('applies `times` and `share` per matching request, deterministically', async () => {
    const to = uniquePhone();
    const start = new Date();
    addFault({ match: { to, share: 0.5 }, effect: { kind: 'error', code: 30007 }, times: 2 });
    addFault({ match: { to: uniquePhone() }, effect: { kind: 'rateLimit' } });
    const outcomes: Array<number | 'ok'> = [];
    for (let i = 0; i < 6; i += 1) {
      outcomes.push(
        await send(to, `n${i}`).then(
          () => 'ok' as const,
          (error: { code: number }) => error.code,
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 30007, 'ok', 30007, 'ok', 'ok']);
    expect(sandbox.faults.list().map((rule) => [rule.matched, rule.hits, rule.spent])).toEqual([
      [4, 2, true],
      [0, 0, false],
    ]);
    expect(await client.messages.list({ to, dateSentAfter: start })).toHaveLength(4);
  });
});

describe('attempt log', () => {
  it('logs every create, accepted or rejected, with what the client sent', async () => {
    const to = uniquePhone();
    const accepted = await client.messages.create({ to: `whatsapp:${to}`, from: WHATSAPP_FROM, body: 'hi there' });
    await failure(client.messages.create({ to, from: SMS_FROM } as { to: string; from: string; body: string }));
    const wrongToken = createTwilioClient({
      accountSid: SANDBOX_ACCOUNT_SID,
      authToken: 'not-the-token',
      apiUrl: `${baseUrl}/sandbox/twilio`,
    });
    await failure(wrongToken.messages.create({ to, from: SMS_FROM, body: 'denied' }));

    const attempts = sandbox.attempts({ to });
    expect(attempts).toEqual([
      {
        at: expect.any(Date),
        answeredAt: expect.any(Date),
        to: `whatsapp:${to}`,
        from: WHATSAPP_FROM,
        body: 'hi there',
        outcome: 'accepted',
        httpStatus: 201,
        sid: accepted.sid,
      },
      {
        at: expect.any(Date),
        answeredAt: expect.any(Date),
        to,
        from: SMS_FROM,
        outcome: 'error',
        httpStatus: 400,
        code: 21602,
      },
      {
        at: expect.any(Date),
        answeredAt: expect.any(Date),
        to,
        from: SMS_FROM,
        body: 'denied',
        outcome: 'error',
        httpStatus: 401,
        code: 20003,
      },
    ] satisfies SandboxAttempt[]);
    expect(sandbox.attempts({ to, since: attempts[1]!.at }).length).toBeGreaterThanOrEqual(2);

    const response = await asOperator(
      `${baseUrl}/sandbox/attempts?to=${encodeURIComponent(`whatsapp:${to}`)}&since=${encodeURIComponent(attempts[0]!.at.toISOString())}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { attempts: Array<Record<string, unknown>> };
    expect(body.attempts.map((a) => [a.httpStatus, a.at])).toEqual(
      attempts.map((a) => [a.httpStatus, a.at.toISOString()]),
    );
    expect((await asOperator(`${baseUrl}/sandbox/attempts?since=yesterday`)).status).toBe(400);

    expect(await (await asOperator(`${baseUrl}/sandbox/attempts`, { method: 'DELETE' })).json()).toEqual({
      cleared: expect.any(Number),
    });
    expect(sandbox.attempts()).toEqual([]);
  });
});

describe('fault routes', () => {
  const post = (body: string) =>
    asOperator(`${baseUrl}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('adds, lists and deletes rules, and rejects bad ones in the API error shape', async () => {
    const bad = await post(JSON.stringify({ match: { to: '12', share: 2 }, effect: { kind: 'explode' } }));
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as {
      error: { code: string; message: string; details: Array<{ path: string; message: string }> };
    };
    expect(error.error).toMatchObject({ code: 'invalid_input', message: 'Invalid fault rule.' });
    expect(error.error.details.map((d) => d.path).sort()).toEqual(['effect.kind', 'match.share', 'match.to']);

    const notJson = await post('{');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_input');

    const to = uniquePhone();
    const created = await post(
      JSON.stringify({ match: { to: `whatsapp:${to}` }, effect: { kind: 'serverErrorAfterRecord' }, times: 3 }),
    );
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };
    expect(rule).toEqual({
      id: expect.any(String),
      match: { to },
      effect: { kind: 'serverErrorAfterRecord', status: 500 },
      times: 3,
      matched: 0,
      hits: 0,
      spent: false,
    });
    await post(JSON.stringify({ effect: { kind: 'latency', ms: 1 } }));

    const listed = (await (await asOperator(`${baseUrl}/sandbox/faults`)).json()) as { faults: Array<{ id: string }> };
    expect(listed.faults.map((f) => f.id)).toEqual([rule.id, expect.any(String)]);
    expect((await asOperator(`${baseUrl}/sandbox/faults/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await asOperator(`${baseUrl}/sandbox/faults/${rule.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await (await asOperator(`${baseUrl}/sandbox/faults`, { method: 'DELETE' })).json()).toEqual({ cleared: 1 });
    expect(sandbox.faults.list()).toEqual([]);
  });
});

describe('rate of accepted messages', () => {
  it('counts per second and in the busiest sliding second, in SQL', async () => {
    // Rows at fixed times far in the past: 600, 700, 800 ms into second T; 1100, 1200, 1600 into T+1.
    const base = Date.UTC(2001, 0, 1) + runSeed * 60_000;
    const phone = uniquePhone();
    const offsets = [600, 700, 800, 1100, 1200, 1600];
    for (const [i, offset] of offsets.entries()) {
      const at = new Date(base + offset);
      await db.sandboxMessage.create({
        data: {
          sid: `SM${runSeed}${String(i).padStart(27, '0')}`,
          accountSid: SANDBOX_ACCOUNT_SID,
          direction: 'outbound-api',
          to: phone,
          from: SMS_FROM,
          body: 'x',
          status: 'delivered',
          dateCreated: at,
          dateUpdated: at,
        },
      });
    }
    // Inbound messages are not sends.
    const inboundAt = new Date(base + 900);
    await db.sandboxMessage.create({
      data: {
        sid: `SM${runSeed}${'9'.repeat(27)}`,
        accountSid: SANDBOX_ACCOUNT_SID,
        direction: 'inbound',
        to: SMS_FROM,
        from: phone,
        body: 'x',
        status: 'received',
        dateCreated: inboundAt,
        dateUpdated: inboundAt,
      },
    });

    const range = { since: new Date(base), until: new Date(base + 10_000) };
    expect(await sandbox.rate.perSecond(range)).toEqual([
      { second: new Date(base).toISOString(), count: 3 },
      { second: new Date(base + 1_000).toISOString(), count: 3 },
    ]);
    // [600, 1600) holds five; 1600 itself starts the next window.
    expect(await sandbox.rate.maxInAnySecond(range)).toBe(5);
    expect(await sandbox.rate.maxInAnySecond({ since: new Date(base + 1_000), until: range.until })).toBe(3);
    expect(await sandbox.rate.maxInAnySecond({ since: new Date(base + 5_000), until: range.until })).toBe(0);

    const query = `since=${encodeURIComponent(range.since.toISOString())}&until=${encodeURIComponent(range.until.toISOString())}`;
    expect(await (await asOperator(`${baseUrl}/sandbox/stats/rate?${query}`)).json()).toEqual({
      perSecond: [
        { second: new Date(base).toISOString(), count: 3 },
        { second: new Date(base + 1_000).toISOString(), count: 3 },
      ],
      maxInAnySecond: 5,
    });
  });

  it('counts messages sent through the client, including ones recorded before a fault', async () => {
    const since = new Date();
    const to = uniquePhone();
    addFault({ match: { to }, effect: { kind: 'serverErrorAfterRecord' }, times: 1 });
    addFault({ match: { to }, effect: { kind: 'rateLimit' }, times: 1 });
    await failure(send(to));
    await failure(send(to));
    for (let i = 0; i < 3; i += 1) await send(to);
    const until = new Date(Date.now() + 1);

    const perSecond = await sandbox.rate.perSecond({ since, until });
    expect(perSecond.reduce((sum, s) => sum + s.count, 0)).toBe(4);
    for (const s of perSecond) expect(s.second).toMatch(/\.000Z$/);
    const max = await sandbox.rate.maxInAnySecond({ since, until });
    expect(max).toBeGreaterThanOrEqual(Math.max(...perSecond.map((s) => s.count)));
    expect(max).toBeLessThanOrEqual(4);
  });
});
