/**
 * Sender pools through the real message worker, the official twilio client and the
 * sandbox playing Twilio's sending model: each sender's own rate (asserted on when each
 * request arrived at the sandbox, never on how long the test took), sticky senders,
 * Twilio's back-pressure (21611 queue full, 20429 too many requests) slowing a sender
 * instead of failing its contacts, and sends in quiet hours scheduled at Twilio through a
 * Messaging Service.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACK_PRESSURE_HOLD_MS } from '../core/senders/back-pressure.js';
import { oneMessageJourney } from '../core/journey/fixtures.js';
import { forecastLaunch } from '../features/launch/forecast-launch.js';
import { createLogger } from '../infra/logger.js';
import { createMetrics } from '../infra/metrics.js';
import { createRedis, type Redis } from '../infra/redis.js';
import { signTwilioRequest } from '../infra/twilio.js';
import { readSenderStats } from '../outbound/send-rate-limiter.js';
import { maxInAnyWindow } from '../scripts/arrival-windows.js';
import { uniqueName } from './support/context.js';
import { runOfOne as runRows } from './support/run-rows.js';
import { startSendStack } from './support/send-stack.js';

type Stack = Awaited<ReturnType<typeof startSendStack>>;

const runSeed = Math.floor(Math.random() * 9_000) + 1_000;
let phoneCounter = 0;
/** Phones no other test file uses (+1558…), unique within this run. */
function uniquePhone(): string {
  phoneCounter += 1;
  return `+1558${String(runSeed * 1_000 + phoneCounter).padStart(7, '0')}`;
}
let numberCounter = 0;
/** A sender number of this run (+1559…). */
function uniqueNumber(): string {
  numberCounter += 1;
  return `+15592${String(runSeed * 100 + numberCounter)
    .padStart(6, '0')
    .slice(-6)}`;
}
function uniqueServiceSid(): string {
  return `MG${(runSeed * 1_000 + ++numberCounter).toString(16).padStart(32, '0')}`;
}

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 60_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sender pools', () => {
  let stack: Stack;
  let redis: Redis;
  let limiterKey: string;

  beforeAll(async () => {
    // Arrivals are read at a door of their own in front of the sandbox (scripts/twilio-edge.ts):
    // the sandbox stamps a request in its handler, after whatever held this busy process's
    // event loop, and under a full test run that bunched its stamps past the senders' guard.
    stack = await startSendStack({}, { twilioDoor: true });
    redis = createRedis(stack.config.REDIS_URL);
    limiterKey = `${stack.config.REDIS_PREFIX}:${stack.config.MESSAGE_QUEUE}:send-slot`;
  });
  afterAll(async () => {
    await redis?.quit();
    await stack?.stop();
  });

  async function workspaceWith(
    senders: Array<{ address: string; kind: 'long_code' | 'messaging_service'; ratePerSec?: number }>,
  ) {
    const workspace = await stack.db.workspace.create({ data: { name: uniqueName('pool') } });
    for (const sender of senders)
      await stack.db.workspaceSender.create({
        data: { workspaceId: workspace.id, channel: 'sms', ...sender },
      });
    return workspace.id;
  }

  /** Queues one send the way the send path does: its row, then its job (by its key). */
  async function queueSend(
    workspaceId: string,
    to: string,
    body: string,
    extra: { sendWindow?: { start: string; end: string }; timeZone?: string } = {},
    /** The run and contact it is a send of (its rows only: no workflow waits for it). */
    of: { runId?: string; contactId?: string } = {},
  ) {
    const idempotencyKey = uniqueName('pool-send');
    await stack.db.messageLog.create({
      data: {
        workspaceId,
        idempotencyKey,
        phone: to,
        channel: 'sms',
        body,
        status: 'pending',
        runId: of.runId ?? null,
        contactId: of.contactId ?? null,
        ...(extra.sendWindow ? { sendWindow: { window: extra.sendWindow, timeZone: extra.timeZone } } : {}),
      },
    });
    await stack.queue.add(
      'send',
      { idempotencyKey, workspaceId, to, channel: 'sms', body, ...extra },
      {
        jobId: idempotencyKey,
        attempts: 4,
        backoff: { type: 'exponential', delay: 2_000 },
      },
    );
    return idempotencyKey;
  }

  /** A run of one running contact in `workspaceId` (its rows only), as scheduledSend takes it. */
  async function runOfOne(workspaceId: string) {
    const { run, contact } = await runRows(stack.db, workspaceId, uniquePhone(), {
      runStatus: 'running',
      contact: { state: 'waiting' },
    });
    return { runId: run.id, contactId: contact.id, to: contact.phone };
  }

  function allSent(keys: string[]) {
    return eventually(
      `${keys.length} sends to be taken by Twilio`,
      () => stack.db.messageLog.findMany({ where: { idempotencyKey: { in: keys } } }),
      (rows) => rows.length === keys.length && rows.every((row) => row.twilioSid !== null),
    );
  }

  it(
    'a long code never sends two in one second, and a long SMS takes a second per segment',
    { timeout: 60_000 },
    async () => {
      const longCode = uniqueNumber();
      const workspaceId = await workspaceWith([{ address: longCode, kind: 'long_code' }]);
      const phones = Array.from({ length: 7 }, () => uniquePhone());
      const keys = [];
      for (let i = 0; i < 5; i += 1) keys.push(await queueSend(workspaceId, phones[i]!, `Short message ${i}`));
      // Two segments (GSM-7 past 160 characters), then one more: the one after it waits 2 s.
      keys.push(await queueSend(workspaceId, phones[5]!, 'L'.repeat(200)));
      keys.push(await queueSend(workspaceId, phones[6]!, 'After the long one'));
      const rows = await allSent(keys);

      // When each request reached Twilio: stamped at the door in front of the sandbox.
      const ours = new Set(phones);
      const arrived = (await stack.doorArrivals()).filter((arrival) => ours.has(arrival.to));
      const arrivals = arrived.map((arrival) => arrival.at).sort((a, b) => a - b);
      expect(arrivals).toHaveLength(keys.length);
      expect(maxInAnyWindow(arrivals, 1_000)).toBe(1);
      const at = (phone: string) => arrived.find((arrival) => arrival.to === phone)!.at;
      expect(at(phones[6]!) - at(phones[5]!)).toBeGreaterThanOrEqual(2_000);
      // Each send went out once, from the pool's number, on its first attempt.
      expect(rows.every((row) => row.sender === longCode && row.attempts === 1)).toBe(true);
    },
  );

  it(
    'keeps the number a contact was first messaged from (sticky sender), and spreads new contacts over the pool',
    { timeout: 60_000 },
    async () => {
      const numbers = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
      const workspaceId = await workspaceWith(
        numbers.slice(0, 2).map((address) => ({ address, kind: 'long_code' as const, ratePerSec: 20 })),
      );
      const phones = Array.from({ length: 12 }, () => uniquePhone());
      const first = await allSent(await Promise.all(phones.map((phone) => queueSend(workspaceId, phone, 'Hello'))));
      const firstFrom = new Map(first.map((row) => [row.phone, row.sender]));
      expect(new Set(firstFrom.values()).size).toBe(2);
      const sticky = await stack.db.stickySender.findMany({ where: { workspaceId } });
      expect(new Map(sticky.map((row) => [row.phone, row.address]))).toEqual(firstFrom);

      // A third number joins the pool: every contact keeps its own number all the same.
      await stack.db.workspaceSender.create({
        data: { workspaceId, channel: 'sms', address: numbers[2]!, kind: 'long_code', ratePerSec: 20 },
      });
      const second = await allSent(await Promise.all(phones.map((phone) => queueSend(workspaceId, phone, 'Again'))));
      for (const row of second) expect(row.sender).toBe(firstFrom.get(row.phone));
      // And what the phones received came from those numbers.
      const received = stack.sandbox.attempts().filter((a) => phones.includes(a.to) && a.outcome === 'accepted');
      for (const attempt of received) expect(attempt.from).toBe(firstFrom.get(attempt.to));
    },
  );

  it(
    "21611 (Twilio's queue for the number is full): the sender slows down, every contact is sent on its first attempt",
    { timeout: 90_000 },
    async () => {
      const number = uniqueNumber();
      // The operator said 10/s, but the number really sends 2/s and queues at most 1 s of messages.
      stack.sandbox.queues.configure(number, { ratePerSec: 2, queueLimitSeconds: 1 });
      const workspaceId = await workspaceWith([{ address: number, kind: 'long_code', ratePerSec: 10 }]);
      const keys = await Promise.all(
        Array.from({ length: 12 }, (_, i) => queueSend(workspaceId, uniquePhone(), `Queued ${i}`)),
      );
      const rows = await allSent(keys);

      const attempts = stack.sandbox.attempts({ from: number });
      expect(attempts.filter((a) => a.code === 21611).length).toBeGreaterThan(0);
      expect(attempts.filter((a) => a.outcome === 'accepted')).toHaveLength(12);
      // Not a failure: each row sent once, on its first counted attempt, with no error left on it.
      for (const row of rows)
        expect(row).toMatchObject({ status: expect.stringMatching(/queued|sent|delivered/), attempts: 1, error: null });
      const [stats] = await readSenderStats(redis, limiterKey, [number]);
      expect(stats!.slowed).toBe(attempts.filter((a) => a.code === 21611).length);
      expect(stats!.rateFactor).toBeLessThan(1);
    },
  );

  it(
    '20429 (too many requests on the account): retried at a lowered rate, sent on its first attempt',
    { timeout: 60_000 },
    async () => {
      const held = uniquePhone();
      const to = uniquePhone();
      const workspaceId = await workspaceWith([]);
      // One request at a time on the account, and Twilio holds the first one for 1.5 s.
      stack.sandbox.queues.setAccountConcurrency(1);
      stack.sandbox.faults.add({ match: { to: held }, effect: { kind: 'latency', ms: 1_500 }, times: 1 });
      try {
        const first = await queueSend(workspaceId, held, 'Slow to answer');
        await eventually(
          'the held request to reach the sandbox',
          async () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: first } }),
          (row) => row.status === 'sending',
        );
        const second = await queueSend(workspaceId, to, 'Turned away at first');
        const [row] = await allSent([second]);
        expect(row).toMatchObject({ attempts: 1, errorCode: null });
        const attempts = stack.sandbox.attempts({ to });
        expect(attempts[0]).toMatchObject({ outcome: 'error', httpStatus: 429, code: 20429 });
        expect(attempts.at(-1)).toMatchObject({ outcome: 'accepted' });
        expect(attempts.filter((a) => a.outcome === 'accepted')).toHaveLength(1);
        await allSent([first]);
      } finally {
        stack.sandbox.queues.setAccountConcurrency(undefined);
      }
      expect(BACK_PRESSURE_HOLD_MS).toBeGreaterThan(0);
    },
  );

  describe('quiet hours', () => {
    /** A send window that is closed now and opens in about an hour, in UTC. */
    function closedWindow(): { window: { start: string; end: string }; opensAt: Date } {
      const now = new Date();
      const opens = new Date(Math.ceil((now.getTime() + 60 * 60_000) / 60_000) * 60_000);
      if (opens.getUTCHours() >= 22) {
        const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2));
        return { window: { start: '02:00', end: '03:00' }, opensAt: tomorrow };
      }
      const hhmm = (d: Date) =>
        `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
      return { window: { start: hhmm(opens), end: hhmm(new Date(opens.getTime() + 60 * 60_000)) }, opensAt: opens };
    }

    it(
      'through a Messaging Service, a send in quiet hours is scheduled at Twilio for the opening, then sent then',
      { timeout: 60_000 },
      async () => {
        const service = uniqueServiceSid();
        const numbers = [uniqueNumber(), uniqueNumber()];
        stack.sandbox.queues.setMessagingService(service, numbers);
        const workspaceId = await workspaceWith([{ address: service, kind: 'messaging_service', ratePerSec: 10 }]);
        const { window, opensAt } = closedWindow();
        const to = uniquePhone();
        const key = await queueSend(workspaceId, to, 'See you in the morning', { sendWindow: window, timeZone: 'UTC' });

        const [row] = await allSent([key]);
        expect(row).toMatchObject({ scheduledFor: opensAt, attempts: 1 });
        const scheduled = await stack.twilio.messages(row!.twilioSid!).fetch();
        expect(scheduled).toMatchObject({ status: 'scheduled', messagingServiceSid: service });
        expect(numbers).toContain(scheduled.from);
        // The number the service picked is kept as the sender: replies come back to it.
        expect((await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: key } })).sender).toBe(
          scheduled.from,
        );
        const job = await stack.queue.getJob(key);
        expect(await job?.getState()).toBe('completed');

        // Twilio sends it at SendAt: the sandbox is asked to act as if that time had come.
        expect(stack.sandbox.releaseScheduled(opensAt.getTime())).toContain(row!.twilioSid);
        await eventually(
          'the scheduled message to be delivered',
          () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: key } }),
          (log) => log.status === 'delivered',
        );
        expect((await stack.twilio.messages(row!.twilioSid!).fetch()).status).toBe('delivered');
      },
    );

    it('a scheduled message can be canceled while it waits, and not after', { timeout: 30_000 }, async () => {
      const service = uniqueServiceSid();
      stack.sandbox.queues.setMessagingService(service, [uniqueNumber()]);
      const sendAt = new Date(Date.now() + 3_600_000);
      const message = await stack.twilio.messages.create({
        to: uniquePhone(),
        body: 'Never mind',
        messagingServiceSid: service,
        sendAt,
        scheduleType: 'fixed',
      });
      expect(message.status).toBe('scheduled');
      const canceled = await stack.twilio.messages(message.sid).update({ status: 'canceled' });
      expect(canceled.status).toBe('canceled');
      await expect(stack.twilio.messages(message.sid).update({ status: 'canceled' })).rejects.toMatchObject({
        code: 30409,
      });
      expect(stack.sandbox.releaseScheduled(sendAt.getTime())).not.toContain(message.sid);
      // Scheduling needs a Messaging Service and 15 minutes to 35 days.
      await expect(
        stack.twilio.messages.create({
          to: uniquePhone(),
          body: 'x',
          from: uniqueNumber(),
          sendAt,
          scheduleType: 'fixed',
        }),
      ).rejects.toMatchObject({ code: 35118 });
      await expect(
        stack.twilio.messages.create({
          to: uniquePhone(),
          body: 'x',
          messagingServiceSid: service,
          sendAt: new Date(Date.now() + 60_000),
          scheduleType: 'fixed',
        }),
      ).rejects.toMatchObject({ code: 35115 });
    });

    /** A send scheduled at Twilio through a Messaging Service for the window's opening: its row, sid and time. */
    async function scheduledSend(of: { workspaceId?: string; runId?: string; contactId?: string; to?: string } = {}) {
      const service = uniqueServiceSid();
      stack.sandbox.queues.setMessagingService(service, [uniqueNumber()]);
      const workspaceId =
        of.workspaceId ?? (await workspaceWith([{ address: service, kind: 'messaging_service', ratePerSec: 10 }]));
      const { window, opensAt } = closedWindow();
      const to = of.to ?? uniquePhone();
      const key = await queueSend(
        workspaceId,
        to,
        'Your appointment is tomorrow',
        { sendWindow: window, timeZone: 'UTC' },
        of,
      );
      const [row] = await allSent([key]);
      expect((await stack.twilio.messages(row!.twilioSid!).fetch()).status).toBe('scheduled');
      return { key, to, sid: row!.twilioSid!, sender: row!.sender!, opensAt, workspaceId };
    }

    /** The row once the cancel sweep (run here as the message worker's timer does) has canceled it. */
    function canceledRow(key: string) {
      return eventually(
        'the withdrawn scheduled send to be canceled',
        async () => {
          await stack.cancelWithdrawn();
          return stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: key } });
        },
        (log) => log.status === 'canceled',
      );
    }

    it(
      'a phone that texts STOP after a send was scheduled at Twilio for it gets nothing: the send is canceled there',
      { timeout: 60_000 },
      async () => {
        const sent = await scheduledSend();
        const params = {
          MessageSid: `SM${randomBytes(16).toString('hex')}`,
          From: sent.to,
          To: sent.sender,
          Body: 'STOP',
        };
        const signature = signTwilioRequest(stack.config.TWILIO_AUTH_TOKEN, `${stack.publicUrl}/api/inbound`, params);
        const stop = await stack.request('/api/inbound', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
        });
        expect(stop.status).toBe(200);
        expect(await stack.db.optOut.count({ where: { workspaceId: sent.workspaceId, phone: sent.to } })).toBe(1);

        const row = await canceledRow(sent.key);
        expect(row).toMatchObject({ error: 'the phone opted out (STOP)', twilioSid: sent.sid });
        expect((await stack.twilio.messages(sent.sid).fetch()).status).toBe('canceled');
        // Its time comes, and Twilio has nothing to send.
        expect(stack.sandbox.releaseScheduled(sent.opensAt.getTime())).not.toContain(sent.sid);
        await stack.sandbox.idle();
        expect((await stack.twilio.messages(sent.sid).fetch()).status).toBe('canceled');
        // Twilio's `canceled` callback reached the API and left the row as it was.
        expect((await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: sent.key } })).status).toBe(
          'canceled',
        );
        // Nothing more to cancel: a second sweep leaves Twilio alone.
        expect(await stack.cancelWithdrawn()).toBe(0);
      },
    );

    it(
      'a scheduled send of a contact, or of a run, that is stopped is canceled at Twilio; others stay scheduled',
      { timeout: 60_000 },
      async () => {
        const service = uniqueServiceSid();
        const workspaceId = await workspaceWith([{ address: service, kind: 'messaging_service', ratePerSec: 10 }]);
        const [stoppedContact, stoppedRun, running] = [
          await runOfOne(workspaceId),
          await runOfOne(workspaceId),
          await runOfOne(workspaceId),
        ];
        const sends = [];
        for (const of of [stoppedContact, stoppedRun, running]) sends.push(await scheduledSend({ workspaceId, ...of }));
        await stack.db.contact.update({
          where: { id: stoppedContact.contactId },
          data: { state: 'stopped', endedAt: new Date() },
        });
        await stack.db.run.update({
          where: { id: stoppedRun.runId },
          data: { status: 'stopped', endedAt: new Date() },
        });

        expect(await canceledRow(sends[0]!.key)).toMatchObject({ error: 'its contact was stopped' });
        expect(await canceledRow(sends[1]!.key)).toMatchObject({ error: 'its run was stopped' });
        expect((await stack.twilio.messages(sends[0]!.sid).fetch()).status).toBe('canceled');
        expect((await stack.twilio.messages(sends[1]!.sid).fetch()).status).toBe('canceled');
        // The running contact's send is still Twilio's to make at its time.
        expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: sends[2]!.key } })).toMatchObject(
          {
            status: 'queued',
          },
        );
        expect(stack.sandbox.releaseScheduled(sends[2]!.opensAt.getTime())).toEqual([sends[2]!.sid]);
      },
    );

    it(
      'without a Messaging Service, a send in quiet hours is not sent: it waits for the window as before',
      { timeout: 30_000 },
      async () => {
        const workspaceId = await workspaceWith([{ address: uniqueNumber(), kind: 'long_code' }]);
        const { window } = closedWindow();
        const to = uniquePhone();
        const key = await queueSend(workspaceId, to, 'Not at night', { sendWindow: window, timeZone: 'UTC' });
        const row = await eventually(
          'the send to be deferred',
          () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: key } }),
          (log) => log.status === 'deferred',
        );
        expect(row).toMatchObject({ twilioSid: null, scheduledFor: null });
        expect(stack.sandbox.attempts({ to })).toHaveLength(0);
      },
    );
  });
});

describe('the senders API', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startSendStack();
  });
  afterAll(() => stack?.stop());

  async function signUp() {
    const res = await stack.request('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${uniqueName('senders')}@example.com`, password: 'a-good-password', name: 'Ops' }),
    });
    const { token, user } = (await res.json()) as { token: string; user: { workspaceId: string } };
    const call = (path: string, json?: unknown, method = 'GET') =>
      stack.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    return { call, workspaceId: user.workspaceId };
  }

  it('adds, lists, edits and removes senders, with their rates and how long their queues take', async () => {
    const { call, workspaceId } = await signUp();
    const longCode = uniqueNumber();
    const added = await call('/api/workspace/senders', { channel: 'sms', address: longCode }, 'POST');
    expect(added.status).toBe(201);
    const { sender } = (await added.json()) as { sender: { id: string; kind: string; ratePerSec: number } };
    expect(sender).toMatchObject({ kind: 'long_code', ratePerSec: 1, customRate: null, defaultRate: 1 });
    const whatsapp = await call(
      '/api/workspace/senders',
      { channel: 'whatsapp', address: `whatsapp:${uniqueNumber()}` },
      'POST',
    );
    expect(await whatsapp.json()).toMatchObject({ sender: { kind: 'whatsapp', ratePerSec: 80 } });

    // Three 2-segment SMS wait for the long code's phone, stuck to it: 6 segments at 1/s.
    const phone = uniquePhone();
    await stack.db.stickySender.create({ data: { workspaceId, phone, channel: 'sms', address: longCode } });
    for (let i = 0; i < 3; i += 1)
      await stack.db.messageLog.create({
        data: {
          workspaceId,
          idempotencyKey: uniqueName('waiting'),
          phone,
          channel: 'sms',
          body: 'W'.repeat(200),
          status: 'queued',
        },
      });
    const listed = (await (await call('/api/workspace/senders')).json()) as {
      senders: Array<{ address: string; queued?: { messages: number; segments: number }; drainSeconds?: number }>;
    };
    expect(listed.senders.find((s) => s.address === longCode)).toMatchObject({
      queued: { messages: 3, segments: 6 },
      drainSeconds: 6,
      rateFactor: 1,
    });

    const edited = await call(`/api/workspace/senders/${sender.id}`, { kind: 'toll_free' }, 'PATCH');
    expect(await edited.json()).toMatchObject({ sender: { kind: 'toll_free', ratePerSec: 3, defaultRate: 3 } });
    const overridden = await call(`/api/workspace/senders/${sender.id}`, { ratePerSec: 6 }, 'PATCH');
    expect(await overridden.json()).toMatchObject({ sender: { ratePerSec: 6, customRate: 6 } });
    expect((await call(`/api/workspace/senders/${sender.id}`, undefined, 'DELETE')).status).toBe(204);
    expect((await call(`/api/workspace/senders/${sender.id}`, undefined, 'DELETE')).status).toBe(404);
  });

  it("forecasts the launch's drain at the pool's rate when it binds before the global one", async () => {
    const workspace = await stack.db.workspace.create({ data: { name: uniqueName('forecast') } });
    const journey = oneMessageJourney();
    // "Hi {{name}}" with a 160-character name: 163 GSM-7 characters, 2 segments per SMS.
    const audience = {
      accepted: Array.from({ length: 10 }, (_, i) => ({
        phone: uniquePhone(),
        vars: { name: 'N'.repeat(160) },
        row: i + 2,
      })),
      rejected: [],
    };
    const forecast = (ratePerSec: number) =>
      forecastLaunch(stack.db, {
        workspaceId: workspace.id,
        journey,
        audience,
        ratePerSec,
        nowMs: Date.now(),
        defaultWhatsAppFrom: stack.config.TWILIO_WHATSAPP_FROM,
      });
    // The deployment's default sender: the global rate alone, 10 messages at 50/s.
    expect((await forecast(50)).drainSeconds).toBe(1);
    // Two long codes: 20 segments at 2 segments/s.
    for (let i = 0; i < 2; i += 1)
      await stack.db.workspaceSender.create({
        data: { workspaceId: workspace.id, channel: 'sms', address: uniqueNumber(), kind: 'long_code' },
      });
    expect(await forecast(50)).toMatchObject({ segments: { min: 20 }, drainSeconds: 10 });
    // A short code beside them: 102 segments/s, so the global 5/s binds.
    await stack.db.workspaceSender.create({
      data: { workspaceId: workspace.id, channel: 'sms', address: '55501', kind: 'short_code' },
    });
    expect((await forecast(5)).drainSeconds).toBe(2);
  });

  it('refuses a sender that does not fit, in the one error shape', async () => {
    const { call } = await signUp();
    const refused = async (body: unknown, path: string, status = 400) => {
      const res = await call('/api/workspace/senders', body, 'POST');
      expect(res.status).toBe(status);
      const answer = (await res.json()) as { error: { code: string; details?: Array<{ path: string }> } };
      expect(answer.error.details?.map((d) => d.path)).toContain(path);
    };
    await refused({ channel: 'sms', address: uniqueNumber(), kind: 'whatsapp' }, 'kind');
    await refused({ channel: 'whatsapp', address: uniqueNumber() }, 'address');
    await refused({ channel: 'sms', address: uniqueServiceSid() }, 'ratePerSec');
    await refused({ channel: 'sms', address: uniqueNumber(), ratePerSec: -1 }, 'ratePerSec');
    await refused({ channel: 'sms', address: stack.config.TWILIO_SMS_FROM }, 'address', 409);
    const mine = uniqueNumber();
    expect((await call('/api/workspace/senders', { channel: 'sms', address: mine }, 'POST')).status).toBe(201);
    const other = await signUp();
    expect((await other.call('/api/workspace/senders', { channel: 'sms', address: mine }, 'POST')).status).toBe(409);
  });

  it("/metrics shows each sender's admitted sends, back-pressure events and rate in force", async () => {
    const number = uniqueNumber();
    const workspace = await stack.db.workspace.create({ data: { name: uniqueName('metrics') } });
    await stack.db.workspaceSender.create({
      data: { workspaceId: workspace.id, channel: 'sms', address: number, kind: 'toll_free' },
    });
    stack.sandbox.faults.add({ match: { to: '+15580000001' }, effect: { kind: 'error', code: 21611 }, times: 1 });
    const key = uniqueName('metrics-send');
    await stack.db.messageLog.create({
      data: {
        workspaceId: workspace.id,
        idempotencyKey: key,
        phone: '+15580000001',
        channel: 'sms',
        body: 'Hi',
        status: 'pending',
      },
    });
    await stack.queue.add(
      'send',
      { idempotencyKey: key, workspaceId: workspace.id, to: '+15580000001', channel: 'sms', body: 'Hi' },
      { jobId: key },
    );
    await eventually(
      'the send',
      () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: key } }),
      (row) => row.twilioSid !== null,
    );

    const text = await createMetrics({
      logger: createLogger('test', 'silent'),
      senders: stack.senderStats.all,
    }).render();
    const line = (name: string) => text.split('\n').find((l) => l.startsWith(`${name}{sender="${number}"}`));
    expect(line('sender_admitted_total')).toMatch(/ 2$/);
    expect(line('sender_back_pressure_events_total')).toMatch(/ 1$/);
    // Toll-free 3/s, halved by the 21611 for the next minute.
    expect(line('sender_rate_per_second')).toMatch(/ 1\.5$/);
  });
});
