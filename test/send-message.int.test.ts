import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { sendEachProbe, sendTwiceProbe } from './fixtures/workflows.js';
import { signTwilioRequest } from '../infra/twilio.js';
import { uniqueName } from './support/context.js';
import { runOfOne as runRows } from './support/run-rows.js';
import { startSendStack } from './support/send-stack.js';
import { waitForStatus } from './support/workflow-state.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
let workspaceId: string;

beforeAll(async () => {
  stack = await startSendStack();
  workspaceId = (await stack.db.workspace.create({ data: { name: 'Send path' } })).id;
});
afterAll(() => stack.stop());

function uniquePhone(): string {
  return `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

/** A run of one contact for `to` in the suite's workspace (its rows only). */
function runOfOne(name: string, to: string, options: Omit<Parameters<typeof runRows>[3], 'name'> = {}) {
  return runRows(stack.db, workspaceId, to, { ...options, name });
}

async function sendTwice(input: { to: string; channel: 'sms' | 'whatsapp'; body: string }) {
  const idempotencyKey = uniqueName('key');
  const outcomes = await stack.client.workflow.execute<typeof sendTwiceProbe>('sendTwiceProbe', {
    taskQueue: stack.taskQueue,
    workflowId: uniqueName('send'),
    args: [{ idempotencyKey, workspaceId, nodeId: 'm1', ...input }],
  });
  return { idempotencyKey, outcomes };
}

describe('send path: activity -> messages queue -> twilio client -> sandbox -> activity completion', () => {
  it('sends once, records the sid, and answers a repeated key from the log without sending again', async () => {
    const to = uniquePhone();
    const { idempotencyKey, outcomes } = await sendTwice({ to, channel: 'sms', body: 'Hi Ada, ready?' });

    const [first, second] = outcomes;
    expect(first?.status).toBe('sent');
    expect(first?.twilioSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(second).toEqual(first);

    const received = await stack.received(to);
    expect(received.map((m) => [m.sid, m.body, m.channel])).toEqual([[first?.twilioSid, 'Hi Ada, ready?', 'sms']]);
    const log = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(log).toMatchObject({ twilioSid: first?.twilioSid, attempts: 1, phone: to, channel: 'sms', nodeId: 'm1' });
    expect(['queued', 'sent', 'delivered']).toContain(log.status);
  });

  it('fails a body longer than Twilio takes at once, with 21617 and its length, and queues nothing', async () => {
    const to = uniquePhone();
    const body = 'x'.repeat(1_601);
    const { idempotencyKey, outcomes } = await sendTwice({ to, channel: 'sms', body });

    expect(outcomes[0]).toMatchObject({ status: 'failed', errorCode: 21617, attempts: 0 });
    expect(outcomes[0]?.error).toContain('1601 characters');
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
      status: 'failed',
      errorCode: 21617,
      twilioSid: null,
    });
    expect(await stack.queue.getJob(idempotencyKey)).toBeUndefined();
    expect(await stack.received(to)).toEqual([]);
  });

  it('fails a permanent Twilio error at once, with its code, and sends nothing', async () => {
    const to = '+15005550001'; // the sandbox answers 21211 (invalid number) for it, as Twilio's test number does
    const { idempotencyKey, outcomes } = await sendTwice({ to, channel: 'sms', body: 'Hello' });

    expect(outcomes[0]).toMatchObject({ status: 'failed', errorCode: 21211, attempts: 1 });
    expect(outcomes[1]).toEqual(outcomes[0]);
    const log = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(log).toMatchObject({ status: 'failed', errorCode: 21211, twilioSid: null, attempts: 1 });
    expect((await stack.received(to)).filter((m) => m.direction !== 'inbound')).toEqual([]);
  });
});

describe('send window checked again by the message worker', () => {
  it('defers a send whose window closed while it was queued, and sends it when asked again in the window', async () => {
    const to = uniquePhone();
    const idempotencyKey = uniqueName('key');
    const hour = new Date().getUTCHours();
    const clock = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
    // Closed now: opens in two hours. Open now: from an hour ago to two hours ahead.
    const closed = { start: clock(hour + 2), end: clock(hour + 3) };
    const open = { start: clock(hour - 1), end: clock(hour + 2) };
    const now = new Date();
    const opensAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour + 2));
    const send = {
      idempotencyKey,
      workspaceId,
      nodeId: 'm1',
      to,
      channel: 'sms' as const,
      body: 'Dinner at eight?',
      timeZone: 'UTC',
    };

    const outcomes = await stack.client.workflow.execute<typeof sendEachProbe>('sendEachProbe', {
      taskQueue: stack.taskQueue,
      workflowId: uniqueName('send-window'),
      args: [
        [
          { ...send, sendWindow: closed },
          { ...send, sendWindow: open },
        ],
      ],
    });

    expect(outcomes[0]).toMatchObject({
      status: 'deferred',
      deferredBy: 'send_window',
      retryAt: opensAt.toISOString(),
      attempts: 0,
    });
    expect(outcomes[0]?.error).toContain(`outside the send window ${closed.start}-${closed.end} UTC`);
    // Asked again with the same key: the finished job of the deferral does not block the new one.
    expect(outcomes[1]).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await stack.received(to)).map((m) => m.body)).toEqual(['Dinner at eight?']);
    const log = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(log).toMatchObject({ twilioSid: outcomes[1]?.twilioSid, attempts: 1, error: null });
  });
});

describe('a send rebuilt from its row', () => {
  it('is held to the window the workflow waited for, after Redis lost its job', async () => {
    const to = uniquePhone();
    const idempotencyKey = uniqueName('key');
    const hour = new Date().getUTCHours();
    const clock = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
    const closed = { start: clock(hour + 2), end: clock(hour + 3) };
    // The row as the activity leaves it, whose job is gone (as after a Redis restart).
    await stack.db.messageLog.create({
      data: {
        idempotencyKey,
        workspaceId,
        phone: to,
        channel: 'sms',
        body: 'Still up?',
        status: 'pending',
        activity: { namespace: 'default', workflowId: uniqueName('gone'), activityId: '1', queue: stack.queue.name },
        sendWindow: { window: closed, timeZone: 'UTC' },
      },
    });
    await stack.db
      .$executeRaw`UPDATE "MessageLog" SET "queuedAt" = now() - interval '10 minutes' WHERE "idempotencyKey" = ${idempotencyKey}`;

    expect(await stack.requeue(60_000)).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => (await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).status, {
        timeout: 30_000,
      })
      .toBe('deferred');
    expect(await stack.received(to)).toEqual([]);
  });
});

describe('WhatsApp 24-hour window', () => {
  const HX = `HX${'0a'.repeat(16)}`;
  function sendOnce(input: { to: string; body?: string; contentSid?: string }) {
    const idempotencyKey = uniqueName('wa');
    return stack.client.workflow
      .execute<typeof sendTwiceProbe>('sendTwiceProbe', {
        taskQueue: stack.taskQueue,
        workflowId: uniqueName('send'),
        args: [{ idempotencyKey, workspaceId, nodeId: 'm1', channel: 'whatsapp', ...input }],
      })
      .then((outcomes) => ({ idempotencyKey, outcome: outcomes[0] }));
  }
  function wroteAt(phone: string, receivedAt: Date) {
    return stack.db.inboundMessage.create({
      data: {
        messageSid: `SM${randomUUID().replaceAll('-', '')}`,
        from: phone,
        to: stack.config.TWILIO_WHATSAPP_FROM,
        channel: 'whatsapp',
        body: 'hi',
        receivedAt,
      },
    });
  }

  it('does not send a free-form body to a contact who never wrote, and says why', async () => {
    const to = uniquePhone();
    const { outcome } = await sendOnce({ to, body: 'Free-form hello' });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 63016, attempts: 0 });
    expect(outcome?.error).toMatch(/24 hours.*template/);
    expect(await stack.received(to)).toEqual([]);
  });

  it('does not send when the contact last wrote more than 24 hours ago', async () => {
    const to = uniquePhone();
    await wroteAt(to, new Date(Date.now() - 25 * 3_600_000));
    const { outcome } = await sendOnce({ to, body: 'Still there?' });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 63016 });
    expect((await stack.received(to)).filter((m) => m.direction !== 'inbound')).toEqual([]);
  });

  it('sends a free-form body inside the window, and a template (contentSid) outside it', async () => {
    const inside = uniquePhone();
    await wroteAt(inside, new Date(Date.now() - 23 * 3_600_000));
    expect((await sendOnce({ to: inside, body: 'Thanks for writing' })).outcome).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
    expect((await stack.received(inside)).map((m) => [m.body, m.channel])).toEqual([
      ['Thanks for writing', 'whatsapp'],
    ]);

    const outside = uniquePhone();
    expect((await sendOnce({ to: outside, contentSid: HX })).outcome).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await stack.received(outside)).toHaveLength(1);
  });
});

describe('contactJourney on the real server with the real send path', () => {
  it.each([1, 2, 3] as const)(
    'version %i: sends through the sandbox, branches on a reply signal, and is findable by its search attributes',
    async (contactVersion) => {
      const { surveyJourney } = await import('../core/journey/fixtures.js');
      const { contactWorkflowId, inboundSignal, RunIdKey, ContactPhoneKey, JourneyNodeKey, stateQuery } =
        await import('../workflows/contract/index.js');
      const to = uniquePhone();
      const { journey, run, contact } = await runOfOne('Survey', to, { contact: { vars: { firstName: 'Grace' } } });
      const runId = run.id;
      const workflowId = contactWorkflowId(runId, contact.id);
      const handle = await stack.client.workflow.start('contactJourney', {
        taskQueue: stack.taskQueue,
        workflowId,
        typedSearchAttributes: [
          { key: RunIdKey, value: runId },
          { key: ContactPhoneKey, value: to },
        ],
        args: [
          {
            version: contactVersion,
            workspaceId,
            runId,
            journeyId: journey.id,
            contactId: contact.id,
            phone: to,
            vars: { firstName: 'Grace' },
            journey: surveyJourney(),
          },
        ],
      });
      await waitForStatus(handle, 'waiting_reply');
      expect((await handle.describe()).typedSearchAttributes.get(JourneyNodeKey)).toBe('reply');

      await handle.signal(inboundSignal, {
        text: 'YES',
        messageSid: `SM${'1'.repeat(32)}`,
        receivedAt: new Date().toISOString(),
      });
      // Version 3 ends once its last message is queued; the message worker finishes it.
      expect(await handle.result()).toEqual(
        contactVersion === 3 ? { status: 'handed_off', cursor: 'thanks-yes' } : { status: 'done', cursor: undefined },
      );
      const row = await (async () => {
        for (;;) {
          const found = await stack.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
          if (found.endedAt) return found;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();

      const received = await stack.received(to);
      expect(received.map((m) => m.body)).toEqual([
        'Hi Grace, did you enjoy your visit? Reply YES or NO.',
        'Great to hear, Grace! See you soon.',
      ]);
      const logs = await stack.db.messageLog.findMany({ where: { phone: to }, orderBy: { createdAt: 'asc' } });
      expect(logs.every((l) => l.runId === runId && l.contactId === contact.id)).toBe(true);
      expect(logs.map((l) => l.idempotencyKey)).toEqual([`${workflowId}/ask/1`, `${workflowId}/thanks-yes/1`]);
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(RunIdKey)).toBe(runId);
      // Version 1 indexes every node a contact can linger at, its end too; version 2 where it waits.
      expect(described.typedSearchAttributes.get(JourneyNodeKey)).toBe(contactVersion === 1 ? 'end' : 'reply');

      // Postgres mirrors the contact: its own writes, and (version 2 and 3) the message worker's,
      // which wrote its end with the last send's outcome. The same entries, in order, and the
      // run done; a version 3 contact's own history stops at the send it handed off.
      const history = (await handle.query(stateQuery)).history;
      expect(row).toMatchObject({ state: 'done', cursor: null, endedAt: expect.any(Date) });
      const unstamped = <T extends { at: string }>(entries: T[]) => entries.map(({ at: _at, ...entry }) => entry);
      const mirrored = unstamped(row.history as Array<{ at: string; kind: string; nodeId?: string }>);
      expect(mirrored.slice(0, history.length)).toEqual(unstamped(history));
      expect(mirrored.slice(history.length).map((e) => [e.kind, e.nodeId])).toEqual(
        contactVersion === 3
          ? [
              ['sent', 'thanks-yes'],
              ['visit', 'end'],
            ]
          : [],
      );
      expect(await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ processed: 1, total: 1 });
      const events = (await handle.fetchHistory()).events ?? [];
      const activities = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
      // Version 2 sends through a local activity and a signal: no activity task to dispatch.
      expect(activities).toBe(contactVersion === 1 ? 2 : 0);
      expect(
        logs.every((l) => (l.activity as { kind?: string }).kind === (contactVersion === 1 ? 'activity' : 'signal')),
      ).toBe(true);
    },
  );
});

describe('delivery status callbacks', () => {
  async function statusOf(key: string) {
    return (await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: key } })).status;
  }
  async function untilStatus(key: string, status: string) {
    for (let i = 0; i < 200 && (await statusOf(key)) !== status; i += 1) await new Promise((r) => setTimeout(r, 25));
    return statusOf(key);
  }
  function postStatus(params: Record<string, string>, query = '', signature?: string) {
    const url = `${stack.publicUrl}/api/inbound/status${query}`;
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? signTwilioRequest(stack.config.TWILIO_AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  it('moves a sent message to delivered through the signed callbacks Twilio sends', async () => {
    const { idempotencyKey } = await sendTwice({ to: uniquePhone(), channel: 'sms', body: 'Track me' });
    expect(await untilStatus(idempotencyKey, 'delivered')).toBe('delivered');
  });

  it('records undelivered with its error code', async () => {
    const { idempotencyKey } = await sendTwice({ to: '+15005553003', channel: 'sms', body: 'Unreachable' });
    expect(await untilStatus(idempotencyKey, 'undelivered')).toBe('undelivered');
    expect((await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).errorCode).toBe(30003);
  });

  it('never moves backwards, ignores repeats, and finds a row whose sid was never saved by its key', async () => {
    const log = await stack.db.messageLog.create({
      data: {
        workspaceId,
        idempotencyKey: uniqueName('orphan'),
        phone: '+12125558888',
        channel: 'sms',
        body: 'x',
        status: 'sending',
      },
    });
    const sid = `SM${'b'.repeat(32)}`;
    const query = `?key=${encodeURIComponent(log.idempotencyKey)}`;
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'delivered' }, query)).status).toBe(204);
    expect(await stack.db.messageLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({
      status: 'delivered',
      twilioSid: sid,
    });
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'sent' }, query)).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('delivered');
    expect(
      (await postStatus({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' }, query)).status,
    ).toBe(204);
    expect(await stack.db.messageLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({
      status: 'delivered',
      errorCode: null,
    });
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'delivered' }, query)).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('delivered');
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'read' })).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('read');
  });

  it("takes a scheduled message's callbacks: scheduled is queued, canceled ends it and nothing moves it on", async () => {
    const log = await stack.db.messageLog.create({
      data: { workspaceId, idempotencyKey: uniqueName('scheduled'), phone: '+12125558889', channel: 'sms', body: 'x' },
    });
    const sid = `SM${'d'.repeat(32)}`;
    const query = `?key=${encodeURIComponent(log.idempotencyKey)}`;
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'accepted' }, query)).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('queued');
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'scheduled' }, query)).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('queued');
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'canceled' })).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('canceled');
    // A late callback of an earlier step does not revive it.
    expect((await postStatus({ MessageSid: sid, MessageStatus: 'sent' })).status).toBe(204);
    expect(await statusOf(log.idempotencyKey)).toBe('canceled');
  });

  it('answers 403 on a bad signature and 400 on an unknown status', async () => {
    const forged = await postStatus({ MessageSid: `SM${'c'.repeat(32)}`, MessageStatus: 'delivered' }, '', 'forged');
    expect(forged.status).toBe(403);
    const odd = await postStatus({ MessageSid: `SM${'c'.repeat(32)}`, MessageStatus: 'teleported' });
    expect(odd.status).toBe(400);
    expect(((await odd.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      'MessageStatus',
    );
  });
});

describe('a send whose waiter was never told', () => {
  it('is told by the sweep when Redis lost the job after the send, and is not sent again', async () => {
    const { surveyJourney } = await import('../core/journey/fixtures.js');
    const { contactWorkflowId, sendIdempotencyKey, CONTACT_VERSION } = await import('../workflows/contract/index.js');
    const to = uniquePhone();
    const runId = randomUUID();
    const contactId = randomUUID();
    const workflowId = contactWorkflowId(runId, contactId);
    const idempotencyKey = sendIdempotencyKey(workflowId, 'ask', 1);
    // The launcher queued the contact's first message; a message worker sent it, and died
    // before telling the contact, while Redis restarted empty: the row is sent, and no job is left.
    await stack.db.messageLog.create({
      data: {
        idempotencyKey,
        workspaceId,
        phone: to,
        channel: 'sms',
        body: 'Hi Ada, did you enjoy your visit? Reply YES or NO.',
        status: 'sent',
        twilioSid: `SM${'5'.repeat(32)}`,
        attempts: 1,
        activity: { kind: 'signal', namespace: 'default', workflowId, queue: stack.queue.name },
      },
    });
    const handle = await stack.client.workflow.start('contactJourney', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [
        {
          version: CONTACT_VERSION,
          workspaceId,
          runId,
          journeyId: randomUUID(),
          contactId,
          phone: to,
          vars: { firstName: 'Ada' },
          journey: surveyJourney(),
          firstSendQueued: true,
        },
      ],
    });

    expect(await stack.requeue(0)).toBe(0);
    await waitForStatus(handle, 'waiting_reply');
    const row = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(row.reportedAt).toBeInstanceOf(Date);
    expect(row.attempts).toBe(1);
    expect(await stack.received(to)).toEqual([]);
    await handle.terminate('test done');
  });
});

describe('a job the message worker cannot take', () => {
  it('fails its send and ends its contact, instead of leaving the contact waiting', async () => {
    const to = uniquePhone();
    const { run, contact } = await runOfOne('Invalid', to, {
      runStatus: 'running',
      contact: { state: 'active', cursor: 'hello' },
    });
    const idempotencyKey = uniqueName('invalid');
    const activity = {
      kind: 'signal',
      namespace: 'default',
      workflowId: uniqueName('ended'),
      queue: stack.queue.name,
      handedOff: true,
    };
    await stack.db.messageLog.create({
      data: {
        idempotencyKey,
        workspaceId,
        runId: run.id,
        contactId: contact.id,
        nodeId: 'hello',
        phone: to,
        channel: 'sms',
        body: 'Hello',
        status: 'pending',
        activity,
        afterSend: { steps: [{ kind: 'visit', nodeId: 'end' }] },
      },
    });
    // A job no worker can parse (here: a channel it does not know), for a send that has a row.
    await stack.queue.add(
      'send',
      { idempotencyKey, workspaceId, to, channel: 'fax', body: 'Hello', activity } as never,
      { jobId: idempotencyKey },
    );

    await expect
      .poll(async () => (await stack.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).state, {
        timeout: 30_000,
      })
      .toBe('failed');
    const row = await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(row).toMatchObject({ status: 'failed', twilioSid: null, reportedAt: expect.any(Date) });
    // Said field by field, as every refusal of input is.
    expect(row.error).toMatch(/^invalid message job: channel: /);
    expect((await stack.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).error).toContain(
      'invalid message job',
    );
    expect(await stack.received(to)).toEqual([]);
  });
});

describe('a send handed off by its contact (version 3)', () => {
  it('waits in the queue for a send window that closed meanwhile, shows the contact waiting, and finishes the contact once it is sent', async () => {
    const { queueSend } = await import('../outbound/message-job.js');
    const to = uniquePhone();
    const { run, contact } = await runOfOne('Reminder', to, {
      runStatus: 'running',
      contact: { state: 'active', cursor: 'remind' },
    });
    const hour = new Date().getUTCHours();
    const clock = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
    const closed = { start: clock(hour + 2), end: clock(hour + 3) };
    const now = new Date();
    const opensAt = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour + 2);
    const idempotencyKey = uniqueName('handed-off');
    // The row and job as a contact leaves them when it hands its last send off and ends.
    const row = await stack.db.messageLog.create({
      data: {
        idempotencyKey,
        workspaceId,
        runId: run.id,
        contactId: contact.id,
        nodeId: 'remind',
        phone: to,
        channel: 'sms',
        body: 'Your table is ready.',
        status: 'pending',
        activity: {
          kind: 'signal',
          namespace: 'default',
          workflowId: uniqueName('ended'),
          queue: stack.queue.name,
          handedOff: true,
        },
        sendWindow: { window: closed, timeZone: 'UTC' },
        afterSend: { steps: [{ kind: 'visit', nodeId: 'end' }] },
      },
    });
    await queueSend(stack.queue, row);

    // Held, not given up: the job waits in the delayed set until the window opens.
    await expect
      .poll(async () => (await stack.queue.getJob(idempotencyKey))?.getState(), { timeout: 30_000 })
      .toBe('delayed');
    const job = (await stack.queue.getJob(idempotencyKey))!;
    // BullMQ keeps the delay from its own reading of the clock: within a second of the opening.
    expect(Math.abs(job.timestamp + job.delay - opensAt)).toBeLessThan(1_000);
    expect(await stack.db.messageLog.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
      status: 'pending',
      twilioSid: null,
      error: expect.stringContaining(`outside the send window ${closed.start}-${closed.end} UTC`),
    });
    const waiting = await stack.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(waiting).toMatchObject({ state: 'waiting', cursor: 'remind', endedAt: null });
    expect(waiting.history).toEqual([expect.objectContaining({ kind: 'send_deferred', nodeId: 'remind' })]);
    expect(await stack.received(to)).toEqual([]);

    // The window opens (here: the job's window moved to now) and the held job runs.
    await job.updateData({ ...job.data, sendWindow: { start: clock(hour - 1), end: clock(hour + 2) } });
    await job.promote();
    await expect
      .poll(async () => (await stack.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).state, {
        timeout: 30_000,
      })
      .toBe('done');
    expect((await stack.received(to)).map((m) => m.body)).toEqual(['Your table is ready.']);
    const ended = await stack.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect((ended.history as Array<{ kind: string; nodeId?: string }>).map((e) => [e.kind, e.nodeId])).toEqual([
      ['send_deferred', 'remind'],
      ['sent', 'remind'],
      ['visit', 'end'],
    ]);
    expect(await stack.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      processed: 1,
      status: 'done',
    });
  });
});
