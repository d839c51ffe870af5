/**
 * How the message worker handles Twilio failures, end to end through the real activity,
 * the BullMQ queue, the official twilio client and the sandbox's fault rules: permanent
 * errors fail at once, retryable ones are retried on the 2 s / 4 s / 8 s backoff, an ambiguous
 * answer is looked up before anything is sent again, and the global rate limit holds at a
 * raised rate. Assertions are on outcomes, order, counts and minimum gaps, never on how
 * long something took.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxAttempt } from '../sandbox/index.js';
import type { TSendOutcome } from '../workflows/contract/index.js';
import { maxInAnyWindow, perWallClockSecond } from '../scripts/arrival-windows.js';
import { createSendRateLimiter, type SendRateLimiter } from '../outbound/send-rate-limiter.js';
import { createRedis } from '../infra/redis.js';
import { createLogger } from '../infra/logger.js';
import { deliverSend, type DeliverSendDeps } from '../outbound/deliver-send.js';
import { recordSent } from '../outbound/record-sent.js';
import { SendBusyError } from '../outbound/send-busy-error.js';
import type { sendTwiceProbe } from './fixtures/workflows.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

type Stack = Awaited<ReturnType<typeof startSendStack>>;

/** Phones no other test file uses (+1557…), unique within this run. */
const runSeed = Math.floor(Math.random() * 9_000) + 1_000;
let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+1557${String(runSeed * 1_000 + phoneCounter).padStart(7, '0')}`;
}

const HX = `HX${'0b'.repeat(16)}`;

/** Polls `read` until `done` accepts its value (state, not a fixed sleep); throws on the deadline. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  deadlineMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the real sendMessage activity (twice with one key, as the probe does) and returns the first outcome. */
async function send(
  stack: Stack,
  workspaceId: string,
  input: { to: string; channel?: 'sms' | 'whatsapp'; body?: string; contentSid?: string },
) {
  const idempotencyKey = uniqueName('retry');
  const content = input.contentSid
    ? { contentSid: input.contentSid }
    : { body: input.body ?? 'Hello from the retry suite' };
  const outcomes = await stack.client.workflow.execute<typeof sendTwiceProbe>('sendTwiceProbe', {
    taskQueue: stack.taskQueue,
    workflowId: uniqueName('send'),
    args: [{ idempotencyKey, workspaceId, nodeId: 'm1', to: input.to, channel: input.channel ?? 'sms', ...content }],
  });
  expect(outcomes[1]).toEqual(outcomes[0]);
  // The job is settled (no retry can still be pending) before anything is counted.
  const state = await jobSettled(stack, idempotencyKey);
  const log = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
  return { idempotencyKey, outcome: outcomes[0] as TSendOutcome, state, log };
}

function jobSettled(stack: Stack, jobId: string) {
  return eventually(
    `job ${jobId} to settle`,
    () => stack.queue.getJobState(jobId),
    (state) => state === 'completed' || state === 'failed',
  );
}

async function outbound(stack: Stack, phone: string) {
  return (await stack.received(phone)).filter((m) => m.direction !== 'inbound');
}

/** The sandbox's view of each create: [outcome, HTTP status, Twilio code]. */
function attemptShape(attempts: SandboxAttempt[]) {
  return attempts.map((a) => [a.outcome, a.httpStatus, a.code]);
}

function gapsMs(attempts: SandboxAttempt[]): number[] {
  return attempts.slice(1).map((a, i) => a.at.getTime() - attempts[i]!.at.getTime());
}

/**
 * Twilio stored the message but its answer was lost: exactly one create reached the sandbox,
 * the row holds that message's sid from one attempt, and no error stays on a sent message.
 */
async function expectSentOnceAfterAmbiguousAnswer(
  stack: Stack,
  to: string,
  { idempotencyKey, outcome }: { idempotencyKey: string; outcome: TSendOutcome },
) {
  const messages = await outbound(stack, to);
  expect(messages).toHaveLength(1);
  const sid = messages[0]?.sid;
  const attempts = stack.sandbox.attempts({ to });
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatchObject({ outcome: 'error', sid });
  expect(outcome).toEqual({ status: 'sent', messageLogId: expect.any(String), twilioSid: sid, attempts: 1 });
  // Status callbacks carry on: the failure handling never moves the row backwards.
  expect(await untilDelivered(stack, idempotencyKey)).toMatchObject({
    twilioSid: sid,
    attempts: 1,
    errorCode: null,
    error: null,
  });
}

function untilDelivered(stack: Stack, idempotencyKey: string) {
  return eventually(
    `${idempotencyKey} to be delivered`,
    () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } }),
    (row) => row.status === 'delivered',
    10_000,
  );
}

describe('send retries on the default stack', () => {
  let stack: Stack;
  let workspaceId: string;

  beforeAll(async () => {
    stack = await startSendStack();
    workspaceId = (await stack.db.workspace.create({ data: { name: 'Send retries' } })).id;
  });
  afterAll(() => stack?.stop());

  describe('permanent Twilio errors fail at once', () => {
    const cases = [
      { code: 21211, what: 'invalid number', channel: 'sms' },
      { code: 21610, what: 'unsubscribed', channel: 'sms' },
      { code: 21614, what: 'not a mobile number', channel: 'sms' },
      { code: 63016, what: 'outside the WhatsApp window', channel: 'whatsapp' },
      { code: 63027, what: 'WhatsApp template missing', channel: 'whatsapp' },
    ] as const;

    it.each(cases)('$code ($what): failed with its code after one attempt, nothing sent', async ({ code, channel }) => {
      const to = uniquePhone();
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'error', code } });
      // A template send: WhatsApp's window check before Twilio lets it through, so Twilio decides.
      const { outcome, state, log } = await send(
        stack,
        workspaceId,
        channel === 'whatsapp' ? { to, channel, contentSid: HX } : { to, channel },
      );

      expect(outcome).toMatchObject({ status: 'failed', errorCode: code, attempts: 1 });
      expect(outcome.twilioSid).toBeUndefined();
      expect(log).toMatchObject({ status: 'failed', errorCode: code, attempts: 1, twilioSid: null });
      expect(state).toBe('failed');
      expect(attemptShape(stack.sandbox.attempts({ to }))).toEqual([['error', 400, code]]);
      expect(await outbound(stack, to)).toEqual([]);
    });
  });

  describe('retryable errors are sent again', () => {
    it('408 (Twilio gave up reading the request): sent on the second attempt, one message', async () => {
      const to = uniquePhone();
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'error', code: 20408, status: 408 }, times: 1 });
      const { outcome, log } = await send(stack, workspaceId, { to });

      expect(outcome).toMatchObject({ status: 'sent', attempts: 2 });
      expect(attemptShape(stack.sandbox.attempts({ to }))).toEqual([
        ['error', 408, 20408],
        ['accepted', 201, undefined],
      ]);
      const messages = await outbound(stack, to);
      expect(messages.map((m) => m.sid)).toEqual([log.twilioSid]);
    });
  });

  describe('backoff 2 s / 4 s / 8 s', () => {
    it(
      '408 three times, then accepted: the retries wait at least 2 s, 4 s, 8 s, each longer',
      { timeout: 60_000 },
      async () => {
        const to = uniquePhone();
        stack.sandbox.faults.add({ match: { to }, effect: { kind: 'error', code: 20408, status: 408 }, times: 3 });
        const { outcome } = await send(stack, workspaceId, { to });

        expect(outcome).toMatchObject({ status: 'sent', attempts: 4 });
        const attempts = stack.sandbox.attempts({ to });
        expect(attemptShape(attempts)).toEqual([
          ...Array<unknown>(3).fill(['error', 408, 20408]),
          ['accepted', 201, undefined],
        ]);
        const [first, second, third] = gapsMs(attempts) as [number, number, number];
        expect(first).toBeGreaterThanOrEqual(1_900);
        expect(second).toBeGreaterThanOrEqual(3_900);
        expect(third).toBeGreaterThanOrEqual(7_900);
        expect(second).toBeGreaterThan(first);
        expect(third).toBeGreaterThan(second);
        expect(await outbound(stack, to)).toHaveLength(1);
      },
    );

    it('408 every time: failed after exactly 4 attempts (3 retries), nothing sent', { timeout: 60_000 }, async () => {
      const to = uniquePhone();
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'error', code: 20408, status: 408 } });
      const { outcome, state, log } = await send(stack, workspaceId, { to });

      expect(outcome).toMatchObject({ status: 'failed', errorCode: 20408, attempts: 4 });
      expect(log).toMatchObject({ status: 'failed', errorCode: 20408, attempts: 4, twilioSid: null });
      expect(state).toBe('failed');
      const attempts = stack.sandbox.attempts({ to });
      expect(attemptShape(attempts)).toEqual(Array<unknown>(4).fill(['error', 408, 20408]));
      const [first, second, third] = gapsMs(attempts) as [number, number, number];
      expect(first).toBeGreaterThanOrEqual(1_900);
      expect(second).toBeGreaterThanOrEqual(3_900);
      expect(third).toBeGreaterThanOrEqual(7_900);
      expect(await outbound(stack, to)).toEqual([]);
    });
  });

  describe('ambiguous answers are looked up before sending again', () => {
    it('a 500 after Twilio stored the message: the lookup finds it, sent once, no second create', async () => {
      const to = uniquePhone();
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'serverErrorAfterRecord', status: 500 }, times: 1 });
      await expectSentOnceAfterAmbiguousAnswer(stack, to, await send(stack, workspaceId, { to }));
      expect(stack.sandbox.attempts({ to })[0]).toMatchObject({ httpStatus: 500, fault: 'serverErrorAfterRecord' });
    });

    it('a connection reset after Twilio stored the message: the lookup finds it, sent once, no second create', async () => {
      const to = uniquePhone();
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'resetAfterRecord' }, times: 1 });
      await expectSentOnceAfterAmbiguousAnswer(stack, to, await send(stack, workspaceId, { to }));
      expect(stack.sandbox.attempts({ to })[0]).toMatchObject({ httpStatus: null, fault: 'resetAfterRecord' });
    });

    it('a 503 with nothing stored: the lookup finds nothing, a second create sends exactly one message', async () => {
      const to = uniquePhone();
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'error', code: 20500, status: 503 }, times: 1 });
      const { idempotencyKey, outcome } = await send(stack, workspaceId, { to });

      expect(outcome).toMatchObject({ status: 'sent', attempts: 2 });
      expect(attemptShape(stack.sandbox.attempts({ to }))).toEqual([
        ['error', 503, 20500],
        ['accepted', 201, undefined],
      ]);
      const messages = await outbound(stack, to);
      expect(messages.map((m) => m.sid)).toEqual([outcome.twilioSid]);
      expect(await untilDelivered(stack, idempotencyKey)).toMatchObject({
        twilioSid: outcome.twilioSid,
        attempts: 2,
        errorCode: null,
      });
    });
  });

  describe('a worker that died between the Twilio call and the log write', () => {
    /** A row as the activity writes it, left `sending` by an attempt that never recorded its answer. */
    async function orphanedSend(to: string, body: string) {
      const idempotencyKey = uniqueName('crashed');
      await stack.db.messageLog.create({
        data: {
          workspaceId,
          idempotencyKey,
          phone: to,
          channel: 'sms',
          body,
          status: 'sending',
          attempts: 1,
          lastAttemptAt: new Date(),
        },
      });
      return idempotencyKey;
    }

    async function runJob(idempotencyKey: string, to: string, body: string) {
      await stack.queue.add(
        'send',
        { idempotencyKey, workspaceId, to, channel: 'sms', body },
        { jobId: idempotencyKey },
      );
      expect(await jobSettled(stack, idempotencyKey)).toBe('completed');
      const job = await stack.queue.getJob(idempotencyKey);
      return {
        outcome: job?.returnvalue as TSendOutcome,
        log: await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } }),
      };
    }

    it('records the message Twilio already has and does not send it again', async () => {
      const to = uniquePhone();
      const body = 'Sent just before the crash';
      const idempotencyKey = await orphanedSend(to, body);
      // What the dead attempt got through to Twilio (its status callback never arrived).
      const sent = await stack.twilio.messages.create({ to, from: stack.config.TWILIO_SMS_FROM, body });

      const { outcome, log } = await runJob(idempotencyKey, to, body);
      expect(outcome).toMatchObject({ status: 'sent', twilioSid: sent.sid, attempts: 1 });
      expect(log).toMatchObject({ twilioSid: sent.sid, attempts: 1 });
      expect(stack.sandbox.attempts({ to })).toHaveLength(1);
      expect((await outbound(stack, to)).map((m) => m.sid)).toEqual([sent.sid]);
    });

    it('sends once when the dead attempt never reached Twilio', async () => {
      const to = uniquePhone();
      const body = 'Crashed before the call';
      const idempotencyKey = await orphanedSend(to, body);

      const { outcome, log } = await runJob(idempotencyKey, to, body);
      const messages = await outbound(stack, to);
      expect(messages).toHaveLength(1);
      expect(outcome).toMatchObject({ status: 'sent', twilioSid: messages[0]?.sid, attempts: 2 });
      expect(log.twilioSid).toBe(messages[0]?.sid);
      expect(attemptShape(stack.sandbox.attempts({ to }))).toEqual([['accepted', 201, undefined]]);
    });

    it('does not adopt a matching message another row already recorded', async () => {
      const to = uniquePhone();
      const body = 'Same words, another send';
      const earlier = await stack.twilio.messages.create({ to, from: stack.config.TWILIO_SMS_FROM, body });
      await stack.db.messageLog.create({
        data: {
          workspaceId,
          idempotencyKey: uniqueName('earlier'),
          phone: to,
          channel: 'sms',
          body,
          status: 'queued',
          attempts: 1,
          twilioSid: earlier.sid,
        },
      });
      const idempotencyKey = await orphanedSend(to, body);

      const { outcome } = await runJob(idempotencyKey, to, body);
      expect(outcome.status).toBe('sent');
      expect(outcome.twilioSid).toBeDefined();
      expect(outcome.twilioSid).not.toBe(earlier.sid);
      expect((await outbound(stack, to)).map((m) => m.sid).sort()).toEqual([earlier.sid, outcome.twilioSid].sort());
    });
  });

  describe('one attempt at a time: the lease on the claim', () => {
    /** The message worker's send path as a second worker process would build it. */
    function secondWorker(): DeliverSendDeps {
      return {
        db: stack.db,
        twilio: stack.twilio,
        temporal: stack.client,
        logger: createLogger('test', 'silent'),
        from: { sms: stack.config.TWILIO_SMS_FROM, whatsapp: stack.config.TWILIO_WHATSAPP_FROM },
        statusCallbackUrl: `${stack.publicUrl}/api/inbound/status`,
        limiter: {
          acquire: () => Promise.resolve({ left: () => undefined }),
          slowDown: () => Promise.resolve({ factor: 1 }),
          ratePerSecond: undefined,
        },
        twilioTimeoutMs: stack.config.TWILIO_TIMEOUT_MS,
      };
    }

    async function pendingSend(
      to: string,
      body: string,
      fields: { status?: 'sending'; attempts?: number; lastAttemptAt?: Date } = {},
    ) {
      const idempotencyKey = uniqueName('lease');
      await stack.db.messageLog.create({
        data: { workspaceId, idempotencyKey, phone: to, channel: 'sms', body, status: 'pending', ...fields },
      });
      return idempotencyKey;
    }

    it('a second processing of a send while the first waits for Twilio does not call Twilio: one message', async () => {
      const to = uniquePhone();
      const body = 'Only once, however many workers';
      const idempotencyKey = await pendingSend(to, body);
      // Twilio is slow to answer the first attempt: a stalled job is handed to a second worker meanwhile.
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'latency', ms: 2_000 }, times: 1 });
      const data = { idempotencyKey, workspaceId, to, channel: 'sms' as const, body };
      await stack.queue.add('send', data, { jobId: idempotencyKey });
      await eventually(
        'the first attempt to claim the send',
        () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } }),
        (row) => row.status === 'sending',
      );

      const second = deliverSend(secondWorker(), data, { attemptsMade: 0, maxAttempts: 4 });
      await expect(second).rejects.toBeInstanceOf(SendBusyError);

      expect(await jobSettled(stack, idempotencyKey)).toBe('completed');
      const messages = await outbound(stack, to);
      expect(messages).toHaveLength(1);
      expect(stack.sandbox.attempts({ to })).toHaveLength(1);
      // The answer released the lease; the busy attempt did not count.
      expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
        twilioSid: messages[0]?.sid,
        attempts: 1,
        leaseUntil: null,
      });
    });

    it('a job that finds the lease held waits in the delayed set without calling Twilio, then looks up and sends once', async () => {
      const to = uniquePhone();
      const body = 'Held by another attempt';
      // Another worker claimed this send a moment ago and may be calling Twilio (or died doing so).
      const idempotencyKey = await pendingSend(to, body, {
        status: 'sending',
        attempts: 1,
        lastAttemptAt: new Date(),
      });
      await stack.db.$executeRaw`
        UPDATE "MessageLog" SET "leaseUntil" = now() + interval '3 seconds' WHERE "idempotencyKey" = ${idempotencyKey}`;
      await stack.queue.add(
        'send',
        { idempotencyKey, workspaceId, to, channel: 'sms', body },
        { jobId: idempotencyKey },
      );

      await eventually(
        'the job to be held',
        () => stack.queue.getJobState(idempotencyKey),
        (state) => state === 'delayed',
      );
      expect(stack.sandbox.attempts({ to })).toEqual([]);
      expect((await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).attempts).toBe(1);

      // The holder died: its lease lapses, and the job claims the send once it is free.
      expect(await jobSettled(stack, idempotencyKey)).toBe('completed');
      const messages = await outbound(stack, to);
      expect(messages).toHaveLength(1);
      expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
        twilioSid: messages[0]?.sid,
        attempts: 2,
        errorCode: null,
      });
    });
  });

  describe('recording a sid', () => {
    it('never replaces a stored sid: a second, different sid keeps the first and is logged as an error', async () => {
      const to = uniquePhone();
      const row = await stack.db.messageLog.create({
        data: {
          workspaceId,
          idempotencyKey: uniqueName('sid'),
          phone: to,
          channel: 'sms',
          body: 'x',
          status: 'sending',
        },
      });
      const lines: string[] = [];
      const logger = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
      const first = `SM${'a1'.repeat(16)}`;
      const second = `SM${'b2'.repeat(16)}`;

      expect(await recordSent({ db: stack.db, logger }, row.id, first, 'queued')).toMatchObject({ twilioSid: first });
      expect(lines).toEqual([]);
      // Recording the same sid again (the lookup after a status callback) is quiet.
      await recordSent({ db: stack.db, logger }, row.id, first, 'sent');
      expect(lines).toEqual([]);

      expect(await recordSent({ db: stack.db, logger }, row.id, second, 'queued')).toMatchObject({
        twilioSid: first,
      });
      expect(await stack.db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        twilioSid: first,
      });
      const logged = lines.map((line) => JSON.parse(line) as { level: number; keptSid?: string; refusedSid?: string });
      expect(logged).toEqual([expect.objectContaining({ level: 50, keptSid: first, refusedSid: second })]);
    });
  });

  describe('the sweep for sends without a live job', () => {
    const queueOf = () => ({
      kind: 'signal',
      namespace: 'default',
      workflowId: uniqueName('gone'),
      queue: stack.queue.name,
    });

    it('re-queues once, and sends once, a send whose job is gone though its row was just rewritten', async () => {
      const to = uniquePhone();
      const idempotencyKey = uniqueName('lost');
      // Queued 10 minutes ago; its job failed for good while Postgres was down and was removed
      // since, and the activity waiting for it has kept rewriting the row (updatedAt) every minute.
      await stack.db.messageLog.create({
        data: { workspaceId, idempotencyKey, phone: to, channel: 'sms', body: 'Found again', activity: queueOf() },
      });
      await stack.db.$executeRaw`
        UPDATE "MessageLog" SET "queuedAt" = now() - interval '10 minutes', "updatedAt" = now()
        WHERE "idempotencyKey" = ${idempotencyKey}`;

      await stack.requeue(60_000);
      expect(await stack.queue.getJob(idempotencyKey)).toBeDefined();
      expect(await jobSettled(stack, idempotencyKey)).toBe('completed');
      // Sent: no later sweep picks it again.
      await stack.requeue(0);
      expect(await stack.queue.getJobState(idempotencyKey)).toBe('completed');
      expect(await outbound(stack, to)).toHaveLength(1);
      expect(stack.sandbox.attempts({ to })).toHaveLength(1);
    });

    it('leaves alone a send whose job is live (delayed), however old', async () => {
      const to = uniquePhone();
      const idempotencyKey = uniqueName('live');
      await stack.db.messageLog.create({
        data: { workspaceId, idempotencyKey, phone: to, channel: 'sms', body: 'Later', activity: queueOf() },
      });
      await stack.db.$executeRaw`
        UPDATE "MessageLog" SET "queuedAt" = now() - interval '10 minutes' WHERE "idempotencyKey" = ${idempotencyKey}`;
      const job = await stack.queue.add(
        'send',
        { idempotencyKey, workspaceId, to, channel: 'sms', body: 'Later' },
        { jobId: idempotencyKey, delay: 600_000 },
      );

      await stack.requeue(60_000);
      expect(await stack.queue.getJobState(idempotencyKey)).toBe('delayed');
      expect(stack.sandbox.attempts({ to })).toEqual([]);
      const row = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
      expect(Date.now() - row.queuedAt.getTime()).toBeGreaterThan(5 * 60_000);
      await job.remove();
      await stack.db.messageLog.delete({ where: { idempotencyKey } });
    });

    it('when Redis comes back empty, does not re-add a send whose attempt is in flight: one message', async () => {
      const to = uniquePhone();
      const idempotencyKey = uniqueName('inflight');
      const body = 'In flight while Redis restarts';
      await stack.db.messageLog.create({
        data: { workspaceId, idempotencyKey, phone: to, channel: 'sms', body, activity: queueOf() },
      });
      stack.sandbox.faults.add({ match: { to }, effect: { kind: 'latency', ms: 2_000 }, times: 1 });
      await stack.queue.add(
        'send',
        { idempotencyKey, workspaceId, to, channel: 'sms', body },
        { jobId: idempotencyKey },
      );
      await eventually(
        'the attempt to claim the send',
        () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } }),
        (row) => row.status === 'sending',
      );
      // Redis restarts empty while the attempt waits for Twilio: its job is gone, the attempt is not.
      await stack.queue.obliterate({ force: true });
      await stack.queue.resume();
      expect(await stack.queue.getJob(idempotencyKey)).toBeUndefined();

      expect(await stack.requeue(0)).toBe(0);
      expect(await stack.queue.getJob(idempotencyKey)).toBeUndefined();
      const sent = await eventually(
        'the attempt to record its answer',
        () => stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } }),
        (row) => row.twilioSid !== null,
      );
      expect(sent.attempts).toBe(1);
      expect(await outbound(stack, to)).toHaveLength(1);
      expect(stack.sandbox.attempts({ to })).toHaveLength(1);
    });

    it('re-adds a send whose holder died and whose job Redis lost as soon as its lease lapses, and looks it up instead of sending again', async () => {
      const to = uniquePhone();
      const idempotencyKey = uniqueName('holder-died');
      const body = 'Sent by a worker that died';
      // A worker claimed the send a minute ago, reached Twilio and died before recording the
      // sid; its lease has lapsed, and Redis lost the job meanwhile.
      await stack.db.messageLog.create({
        data: {
          workspaceId,
          idempotencyKey,
          phone: to,
          channel: 'sms',
          body,
          status: 'sending',
          attempts: 1,
          lastAttemptAt: new Date(Date.now() - 60_000),
          leaseUntil: new Date(Date.now() - 10_000),
          activity: queueOf(),
        },
      });
      const stored = await stack.twilio.messages.create({ to, from: stack.config.TWILIO_SMS_FROM, body });

      // The periodic sweep (5 minutes for sends not yet claimed) does not wait for a claimed one.
      await stack.requeue();
      expect(await jobSettled(stack, idempotencyKey)).toBe('completed');
      expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
        twilioSid: stored.sid,
        attempts: 1,
      });
      expect((await outbound(stack, to)).map((m) => m.sid)).toEqual([stored.sid]);
    });

    it('when Redis comes back empty, leaves a recent ambiguous answer to settle, then looks it up instead of sending again', async () => {
      const to = uniquePhone();
      const idempotencyKey = uniqueName('ambiguous');
      const body = 'Answered with a timeout';
      // The attempt timed out a moment ago (lease given back, row left `sending`): Twilio had
      // stored the message, though it may not list it yet; then Redis lost the job's retry.
      await stack.db.messageLog.create({
        data: {
          workspaceId,
          idempotencyKey,
          phone: to,
          channel: 'sms',
          body,
          status: 'sending',
          attempts: 1,
          lastAttemptAt: new Date(),
          activity: queueOf(),
        },
      });
      const stored = await stack.twilio.messages.create({ to, from: stack.config.TWILIO_SMS_FROM, body });

      expect(await stack.requeue(0)).toBe(0);
      expect(await stack.queue.getJob(idempotencyKey)).toBeUndefined();

      // Once the answer has settled, the sweep re-adds it, and its job finds the message.
      await stack.db.$executeRaw`
        UPDATE "MessageLog" SET "lastAttemptAt" = now() - interval '10 minutes', "queuedAt" = now() - interval '10 minutes'
        WHERE "idempotencyKey" = ${idempotencyKey}`;
      await stack.requeue(0);
      expect(await jobSettled(stack, idempotencyKey)).toBe('completed');
      expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
        twilioSid: stored.sid,
        attempts: 1,
      });
      expect((await outbound(stack, to)).map((m) => m.sid)).toEqual([stored.sid]);
    });
  });
});

describe('a timed-out answer (TWILIO_TIMEOUT_MS 500)', () => {
  let stack: Stack;
  let workspaceId: string;

  beforeAll(async () => {
    stack = await startSendStack({ TWILIO_TIMEOUT_MS: '500' });
    workspaceId = (await stack.db.workspace.create({ data: { name: 'Send timeouts' } })).id;
  });
  afterAll(() => stack?.stop());

  it('Twilio stored the message but the client timed out: looked up, sent once, no second create', async () => {
    const to = uniquePhone();
    stack.sandbox.faults.add({ match: { to }, effect: { kind: 'timeoutAfterRecord', ms: 5_000 }, times: 1 });
    await expectSentOnceAfterAmbiguousAnswer(stack, to, await send(stack, workspaceId, { to }));
    expect(stack.sandbox.attempts({ to })[0]).toMatchObject({ httpStatus: 504, fault: 'timeoutAfterRecord' });
  });
});

describe('the global send rate at 100/s with 20 concurrent sends', () => {
  const JOBS = 400;
  const RATE = 100;
  /** Above this event-loop utilisation the test process itself, not the limiter, set the pace. */
  const SATURATED = 0.95;
  let stack: Stack;
  let workspaceId: string;

  beforeAll(async () => {
    stack = await startSendStack(
      { MESSAGE_RATE_PER_SEC: String(RATE), MESSAGE_WORKER_CONCURRENCY: '20' },
      { twilioDoor: true },
    );
    workspaceId = (await stack.db.workspace.create({ data: { name: 'Send rate' } })).id;
  });
  afterAll(() => stack?.stop());

  /** Rows as the activity writes them, and their jobs (no Temporal: nobody waits on the outcome). */
  async function sendAll(count: number, label: string) {
    const sends = Array.from({ length: count }, (_, i) => ({
      idempotencyKey: uniqueName(`${label}-${i}`),
      to: uniquePhone(),
      body: `${label} ${i}`,
    }));
    await stack.db.messageLog.createMany({
      data: sends.map((s) => ({
        workspaceId,
        idempotencyKey: s.idempotencyKey,
        phone: s.to,
        channel: 'sms' as const,
        body: s.body,
        status: 'pending' as const,
      })),
    });
    await stack.queue.addBulk(
      sends.map((s) => ({
        name: 'send',
        data: { idempotencyKey: s.idempotencyKey, workspaceId, to: s.to, channel: 'sms' as const, body: s.body },
        opts: { jobId: s.idempotencyKey },
      })),
    );
    const keys = sends.map((s) => s.idempotencyKey);
    await eventually(
      `${count} ${label} sends to be recorded`,
      () => stack.db.messageLog.count({ where: { idempotencyKey: { in: keys }, twilioSid: { not: null } } }),
      (recorded) => recorded === count,
      90_000,
    );
  }

  /** Seconds (not the first or last, which are partial) that held at least 90% of the limit. */
  function fullSecondsNearLimit(counts: number[]): number {
    return counts.slice(1, -1).filter((count) => count >= 0.9 * RATE).length;
  }

  it('never lets more than 100 messages reach Twilio in any second', { timeout: 180_000 }, async ({ annotate }) => {
    // Warms the stack up (connections, compiled code), so the measured drain is the steady state.
    await sendAll(100, 'warm-up');
    const since = new Date();
    const busyBefore = performance.eventLoopUtilization();
    await sendAll(JOBS, 'rate');
    const busy = performance.eventLoopUtilization(busyBefore).utilization;
    const until = new Date(Date.now() + 1);

    // Stored by the sandbox, all of them accepted.
    const stored = (await stack.sandbox.rate.perSecond({ since, until })).reduce(
      (sum, bucket) => sum + bucket.count,
      0,
    );
    expect(stored).toBe(JOBS);
    expect(stack.sandbox.attempts({ since }).filter((a) => a.outcome !== 'accepted')).toEqual([]);
    // Counted per second where they arrived: at the door, a process of its own. The sandbox's
    // own stamps are taken in this process, which also runs the sender, the API and vitest:
    // a stall of it bunches them (seen: 103 in one sliding second on a loaded CI machine).
    // Every sliding second is held to the limit on the limiter's own grants (the tests
    // below) and at the door by bench:send (a), where the sender has a process of its own:
    // here a GC pause of this shared process between a send's admission and its request
    // can move it by more than the 15 ms the limiter allows for (seen once: 101).
    const arrived = (await stack.doorArrivals()).map((a) => a.at).filter((at) => at >= since.getTime());
    expect(arrived).toHaveLength(JOBS);
    const counts = perWallClockSecond(arrived);
    expect(counts.filter((count) => count > RATE)).toEqual([]);
    // Not held back more than the limit asks. Only meaningful when the limiter set the pace:
    // API, sandbox and worker share this one event loop, and a busy machine saturates it first.
    if (busy < SATURATED) {
      expect(fullSecondsNearLimit(counts), JSON.stringify(counts)).toBeGreaterThanOrEqual(2);
    } else {
      await annotate(
        `drain pace not checked: this process was ${Math.round(busy * 100)}% busy, so it, not the limiter, set the pace (per second: ${JSON.stringify(counts)})`,
      );
    }
  });

  it('paces 20 concurrent callers at 100/s on its own, no faster and not much slower (the limiter without the send path)', async () => {
    const redis = createRedis(stack.config.REDIS_URL);
    try {
      const limiter = createSendRateLimiter(redis, {
        key: `${stack.config.REDIS_PREFIX}:${uniqueName('send-slot')}`,
        ratePerSecond: RATE,
      });
      const granted = await acquireAll(limiter, JOBS);
      const counts = perWallClockSecond(granted);
      expect(granted).toHaveLength(JOBS);
      // Never faster than the limit: 400 slots take at least 399 intervals of 1/100 s. A late
      // wake-up only lengthens this (the first slot is granted at once).
      expect(Math.max(...granted) - Math.min(...granted)).toBeGreaterThanOrEqual(((JOBS - 1) * 1_000) / RATE);
      // Nor much slower.
      expect(fullSecondsNearLimit(counts), JSON.stringify(counts)).toBeGreaterThanOrEqual(2);
    } finally {
      await redis.quit();
    }
  });

  it('holds every second to the limit when its callers wake late all at once (a stall of their process)', async () => {
    const redis = createRedis(stack.config.REDIS_URL);
    try {
      const limiter = createSendRateLimiter(redis, {
        key: `${stack.config.REDIS_PREFIX}:${uniqueName('send-slot')}`,
        ratePerSecond: RATE,
      });
      const granted = await acquireAll(limiter, JOBS, (count) => {
        // After the 150th send this process blocks as a long GC pause would: every caller's
        // slot passes meanwhile, and all of them wake together when it ends.
        if (count === 150) busyFor(300);
      });
      expect(granted).toHaveLength(JOBS);
      expect(maxInAnyWindow(granted, 1_000)).toBeLessThanOrEqual(RATE);
    } finally {
      await redis.quit();
    }
  });
  it('counts a send from when its request left, when it leaves well after its admission', async () => {
    const redis = createRedis(stack.config.REDIS_URL);
    // A rate this process keeps up with however busy the machine, so the limiter sets the pace.
    const rate = 20;
    try {
      const limiter = createSendRateLimiter(redis, {
        key: `${stack.config.REDIS_PREFIX}:${uniqueName('send-slot')}`,
        ratePerSecond: rate,
      });
      // The 21st to 30th requests leave 300 ms after their admission (their process busy or
      // descheduled on the way). Counted from their admissions, they would arrive in the
      // same second as the 15 sends admitted after them: 25 in that second.
      const departures: number[] = [];
      let admitted = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (admitted < 100) {
            const permit = await limiter.acquire();
            admitted += 1;
            const leftAt = performance.now() + (admitted > 20 && admitted <= 30 ? 300 : 0);
            permit.left(leftAt);
            departures.push(performance.timeOrigin + leftAt);
          }
        }),
      );
      expect(departures.length).toBeGreaterThanOrEqual(100);
      expect(maxInAnyWindow(departures, 1_000)).toBeLessThanOrEqual(rate);
    } finally {
      await redis.quit();
    }
  });

  it('counts a send at the moment it leaves, when its caller stalls right after being admitted', async () => {
    const redis = createRedis(stack.config.REDIS_URL);
    try {
      // Every 10th admission, at most every 100 ms, this process blocks (as in a GC pause) as
      // soon as Redis has answered: that send would leave 40 ms after Redis counted it.
      let admissions = 0;
      let lastStall = 0;
      const stalling = new Proxy(redis, {
        get(target, prop) {
          if (prop !== 'eval') {
            const value: unknown = Reflect.get(target, prop);
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return async (...args: Parameters<typeof redis.eval>) => {
            const answer = await target.eval(...args);
            if (
              String(args[0]).includes('LPUSH') &&
              (admissions += 1) % 10 === 0 &&
              performance.now() - lastStall > 100
            ) {
              busyFor(40);
              lastStall = performance.now();
            }
            return answer;
          };
        },
      });
      const limiter = createSendRateLimiter(stalling, {
        key: `${stack.config.REDIS_PREFIX}:${uniqueName('send-slot')}`,
        ratePerSecond: RATE,
      });
      const granted = await acquireAll(limiter, JOBS);
      expect(granted).toHaveLength(JOBS);
      expect(maxInAnyWindow(granted, 1_000)).toBeLessThanOrEqual(RATE);
    } finally {
      await redis.quit();
    }
  });
});

/**
 * 20 concurrent callers take `total` permits from `limiter` between them; answers when each
 * was granted (epoch ms, sub-millisecond). `afterEach` runs after every grant, with the count so far.
 */
async function acquireAll(
  limiter: SendRateLimiter,
  total: number,
  afterEach?: (count: number) => void,
): Promise<number[]> {
  const granted: number[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (started < total) {
        started += 1;
        await limiter.acquire();
        granted.push(performance.timeOrigin + performance.now());
        afterEach?.(granted.length);
      }
    }),
  );
  return granted;
}

/** Blocks this process for `ms`, as a long GC pause would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}
