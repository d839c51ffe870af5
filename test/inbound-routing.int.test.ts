/**
 * Which workspaces a reply, a STOP or a claimed number reach when many workspaces share one
 * deployment, on the whole system in one process: numbers a workspace may claim (never the
 * deployment's default sender; with a real Twilio account, only the account's, asked through
 * the twilio client of the sandbox's IncomingPhoneNumbers), replies on the shared default
 * number (only the workspaces that wrote to that phone on that channel within the reply
 * window), opt-outs from campaign recipients, and the reply outbox while Temporal is away.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { surveyJourney } from '../core/journey/fixtures.js';
import { signalPendingReplies } from '../features/inbound/signal-pending-replies.js';
import { SHARED_SENDER_REPLY_WINDOW_MS } from '../features/inbound/reply-scope.js';
import { createLogger } from '../infra/logger.js';
import { createTwilioClient, signTwilioRequest } from '../infra/twilio.js';
import { createSandbox } from '../sandbox/index.js';
import { testConfig, uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
const logger = createLogger('test', 'silent');

beforeAll(async () => {
  stack = await startSendStack();
});
afterAll(() => stack.stop());

type TCall = (path: string, json?: unknown, method?: string) => Promise<Response>;

/** A new workspace (its admin's session) on `fetcher`, the stack's API unless told. */
async function workspace(
  label: string,
  fetcher: (path: string, init: RequestInit) => Promise<Response> = stack.request,
): Promise<TCall> {
  const res = await fetcher('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName(label)}@example.com`, password: 'a-good-password', name: label }),
  });
  const { token } = (await res.json()) as { token: string };
  return (path, json, method = 'GET') =>
    fetcher(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let seq = 0;
const newPhone = () =>
  `+1917${String(Math.floor(Math.random() * 700) + 200)}${String(Math.floor(Math.random() * 10)) + String((seq += 1) % 1000).padStart(3, '0')}`;
const newSid = () => `SM${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;

/** A signed Twilio inbound webhook from `from` to one of our numbers, as Twilio posts it. */
function inbound(reply: { from: string; to: string; body: string; channel?: 'sms' | 'whatsapp'; sid?: string }) {
  const prefix = reply.channel === 'whatsapp' ? 'whatsapp:' : '';
  const params = { MessageSid: reply.sid ?? newSid(), From: `${prefix}${reply.from}`, To: reply.to, Body: reply.body };
  const signature = signTwilioRequest(stack.config.TWILIO_AUTH_TOKEN, `${stack.publicUrl}/api/inbound`, params);
  return {
    params,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    } satisfies RequestInit,
  };
}
const postInbound = (reply: Parameters<typeof inbound>[0]) => stack.request('/api/inbound', inbound(reply).init);

/** Launches the survey journey (on `channel`) to `phone` and waits for its contact to wait for a reply. */
async function surveyWaiting(call: TCall, phone: string, channel: 'sms' | 'whatsapp' = 'sms') {
  const journey = surveyJourney();
  for (const node of journey.nodes) if (node.type === 'message') node.data.channel = channel;
  const created = await call('/api/journeys', journey, 'POST');
  const { journey: saved } = (await created.json()) as { journey: { id: string } };
  const launched = await call(
    `/api/journeys/${saved.id}/launch`,
    { contacts: [{ phone, vars: { firstName: 'Ada' } }] },
    'POST',
  );
  const { runId } = (await launched.json()) as { runId: string };
  const contact = () => stack.db.contact.findFirstOrThrow({ where: { runId } });
  await until(
    contact,
    (c) => c.cursor === 'reply' && c.state === 'waiting_reply',
    `the ${channel} contact to wait for a reply`,
  );
  return { runId, contact };
}

describe('numbers a workspace claims', () => {
  it("refuses the deployment's default senders to any workspace", async () => {
    const call = await workspace('claims-default');
    const sms = await call('/api/workspace/senders', { sms: stack.config.TWILIO_SMS_FROM }, 'PUT');
    expect(sms.status).toBe(409);
    expect(((await sms.json()) as { error: { details: unknown } }).error.details).toEqual([
      expect.objectContaining({ path: 'sms' }),
    ]);
    expect((await call('/api/workspace/senders', { whatsapp: stack.config.TWILIO_WHATSAPP_FROM }, 'PUT')).status).toBe(
      409,
    );
    expect(await stack.db.workspaceSender.count({ where: { address: stack.config.TWILIO_SMS_FROM } })).toBe(0);
  });

  it("with a real Twilio account, takes only the account's numbers, each for one workspace", async () => {
    // A Twilio account of our own: the sandbox plays it, the API asks it through the twilio client.
    const account = { sid: `AC${'5'.repeat(32)}`, token: 'a-real-looking-auth-token' };
    const [owned, ownedForWhatsapp, foreign] = [newPhone(), newPhone(), newPhone()];
    const twilioSide = createSandbox({
      db: stack.db,
      logger,
      accountSid: account.sid,
      authToken: account.token,
      publicUrl: stack.publicUrl,
      incomingNumbers: [owned, ownedForWhatsapp],
    });
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: twilioSide.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    try {
      const address = server.address();
      const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/twilio`;
      const config = testConfig({
        TWILIO_ACCOUNT_SID: account.sid,
        TWILIO_AUTH_TOKEN: account.token,
        TWILIO_API_URL: apiUrl,
      });
      expect(config.sandbox).toBe(false);
      const app = createApp({
        logger,
        readinessChecks: [],
        readinessTimeoutMs: 100,
        api: {
          config,
          db: stack.db,
          temporal: stack.client,
          twilio: createTwilioClient({ accountSid: account.sid, authToken: account.token, apiUrl }),
        },
      });
      const fetcher = async (path: string, init: RequestInit) => app.request(path, init);
      const [a, b] = [await workspace('real-a', fetcher), await workspace('real-b', fetcher)];

      const notOurs = await a('/api/workspace/senders', { sms: foreign }, 'PUT');
      expect(notOurs.status).toBe(400);
      expect(((await notOurs.json()) as { error: { details: unknown } }).error.details).toEqual([
        expect.objectContaining({ path: 'sms' }),
      ]);
      expect((await a('/api/workspace/senders', { whatsapp: `whatsapp:${foreign}` }, 'PUT')).status).toBe(400);

      expect(
        (await a('/api/workspace/senders', { sms: owned, whatsapp: `whatsapp:${ownedForWhatsapp}` }, 'PUT')).status,
      ).toBe(200);
      const taken = await b('/api/workspace/senders', { sms: owned }, 'PUT');
      expect(taken.status).toBe(409);
      expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('conflict');
      expect(await stack.db.workspaceSender.count({ where: { address: { in: [owned, foreign] } } })).toBe(1);
    } finally {
      twilioSide.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('replies on the shared default number', () => {
  it('reach only the workspaces that wrote to that phone on that channel within the reply window', async () => {
    const [a, b] = [await workspace('shared-a'), await workspace('shared-b')];
    const phone = newPhone();
    // WhatsApp takes a free-form message only within 24 h of the contact writing: they wrote.
    expect(
      (await postInbound({ from: phone, to: stack.config.TWILIO_WHATSAPP_FROM, body: 'hi', channel: 'whatsapp' }))
        .status,
    ).toBe(200);
    const smsA = await surveyWaiting(a, phone, 'sms');
    const whatsappA = await surveyWaiting(a, phone, 'whatsapp');
    const smsB = await surveyWaiting(b, phone, 'sms');
    // B wrote to the phone longer ago than the reply window: it is no longer in the conversation.
    const long = new Date(Date.now() - SHARED_SENDER_REPLY_WINDOW_MS - 60_000);
    await stack.db.messageLog.updateMany({ where: { runId: smsB.runId }, data: { lastAttemptAt: long, sentAt: long } });

    expect((await postInbound({ from: phone, to: stack.config.TWILIO_SMS_FROM, body: 'YES' })).status).toBe(200);
    await until(smsA.contact, (c) => c.state === 'done', "A's SMS contact to finish");
    expect(await whatsappA.contact()).toMatchObject({ cursor: 'reply', state: 'waiting_reply' });
    expect(await smsB.contact()).toMatchObject({ cursor: 'reply', state: 'waiting_reply' });

    expect(
      (await postInbound({ from: phone, to: stack.config.TWILIO_WHATSAPP_FROM, body: 'no', channel: 'whatsapp' }))
        .status,
    ).toBe(200);
    await until(whatsappA.contact, (c) => c.state === 'done', "A's WhatsApp contact to finish");
    expect(await smsB.contact()).toMatchObject({ cursor: 'reply', state: 'waiting_reply' });

    // A STOP is another matter: it reaches every workspace that ever wrote from that number.
    expect((await postInbound({ from: phone, to: stack.config.TWILIO_SMS_FROM, body: 'STOP' })).status).toBe(200);
    const workspaceOf = async (runId: string) =>
      (await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).workspaceId;
    const optedOut = await stack.db.optOut.findMany({ where: { phone }, select: { workspaceId: true } });
    expect(optedOut.map((row) => row.workspaceId).sort()).toEqual(
      [await workspaceOf(smsA.runId), await workspaceOf(smsB.runId)].sort(),
    );
    await until(smsB.contact, (c) => c.state === 'stopped', "B's SMS contact to stop");
  });
});

describe('opt-outs from campaign recipients', () => {
  it('records a STOP from someone who only got a campaign, holds back the queued send and refuses the next campaign and launch', async () => {
    const call = await workspace('campaigner');
    const other = await workspace('bystander');
    const phone = newPhone();
    const campaign = async (name: string, others: string[] = []) => {
      const res = await call(
        '/api/campaigns',
        {
          name,
          message: { channel: 'sms', body: `${name} offer` },
          contacts: [phone, ...others].map((to) => ({ phone: to, vars: {} })),
        },
        'POST',
      );
      expect(res.status).toBe(202);
      return (await res.json()) as { campaignId: string; accepted: number; rejected: Array<{ reason: string }> };
    };
    const first = await campaign('first');
    await until(
      () => stack.db.messageLog.findFirst({ where: { campaignId: first.campaignId } }),
      (log) => Boolean(log?.twilioSid),
      'the first campaign to be sent',
    );
    const { workspaceId } = await stack.db.messageLog.findFirstOrThrow({ where: { campaignId: first.campaignId } });
    await stack.pauseSending();
    let second: { campaignId: string };
    try {
      second = await campaign('second');
      await until(
        () => stack.db.messageLog.count({ where: { campaignId: second.campaignId } }),
        (n) => n === 1,
        'the second campaign to queue its send',
      );
      expect((await postInbound({ from: phone, to: stack.config.TWILIO_SMS_FROM, body: 'STOP' })).status).toBe(200);
      expect(await stack.db.optOut.findMany({ where: { phone }, select: { workspaceId: true } })).toEqual([
        { workspaceId },
      ]);
    } finally {
      await stack.resumeSending();
    }
    const held = await until(
      () => stack.db.messageLog.findFirst({ where: { campaignId: second.campaignId } }),
      (log) => log?.status === 'suppressed',
      'the queued campaign send to be held back',
    );
    expect(held).toMatchObject({ error: 'recipient opted out', twilioSid: null });
    expect((await stack.received(phone)).filter((m) => m.direction !== 'inbound').map((m) => m.body)).toEqual([
      'first offer',
    ]);

    const third = await campaign('third', [newPhone()]);
    expect(third.accepted).toBe(1);
    expect(third.rejected).toEqual([expect.objectContaining({ reason: 'opted out' })]);
    const journey = (await (await call('/api/journeys', surveyJourney(), 'POST')).json()) as {
      journey: { id: string };
    };
    const launch = (await (
      await call(
        `/api/journeys/${journey.journey.id}/launch?dryRun=true`,
        { contacts: [phone, newPhone()].map((to) => ({ phone: to, vars: { firstName: 'Ada' } })) },
        'POST',
      )
    ).json()) as { accepted: number; rejected: Array<{ reason: string }> };
    expect(launch).toMatchObject({ accepted: 1, rejected: [expect.objectContaining({ reason: 'opted out' })] });
    // A workspace that never wrote to the phone keeps it.
    const bystander = await other(
      '/api/campaigns',
      { name: 'x', message: { channel: 'sms', body: 'x' }, contacts: [{ phone, vars: {} }] },
      'POST',
    );
    expect(((await bystander.json()) as { accepted: number }).accepted).toBe(1);

    expect((await postInbound({ from: phone, to: stack.config.TWILIO_SMS_FROM, body: 'START' })).status).toBe(200);
    expect(await stack.db.optOut.count({ where: { phone } })).toBe(0);
  });
});

describe('the reply outbox', () => {
  it('keeps a reply that could not be signalled with Temporal away, and signals it once it is back', async () => {
    const call = await workspace('outbox');
    const phone = newPhone();
    const waiting = await surveyWaiting(call, phone);

    // Temporal away: a client whose connection is closed fails every signal.
    const lost = await Connection.connect({ address: stack.config.TEMPORAL_ADDRESS });
    await lost.close();
    const app = createApp({
      logger,
      readinessChecks: [],
      readinessTimeoutMs: 100,
      api: {
        config: stack.config,
        db: stack.db,
        temporal: new Client({ connection: lost, namespace: stack.config.TEMPORAL_NAMESPACE }),
      },
    });
    const reply = inbound({ from: phone, to: stack.config.TWILIO_SMS_FROM, body: 'YES' });
    const res = await app.request('/api/inbound', reply.init);
    expect(res.status).toBe(200);
    const stored = await stack.db.inboundMessage.findUniqueOrThrow({ where: { messageSid: reply.params.MessageSid } });
    expect(stored.signalledAt).toBeNull();
    expect(await waiting.contact()).toMatchObject({ cursor: 'reply', state: 'waiting_reply' });

    // As if the webhook's grace had passed; two API processes sweep at once, one claims it.
    // (The sweep takes every due row of the shared test database: count this row's claims.)
    await stack.db.inboundMessage.update({ where: { id: stored.id }, data: { nextSignalAt: new Date() } });
    const deps = { db: stack.db, temporal: stack.client, logger };
    const rounds = await Promise.all([signalPendingReplies(deps), signalPendingReplies(deps)]);
    expect(rounds.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);
    await until(waiting.contact, (c) => c.state === 'done', 'the contact to move on');
    expect(await stack.db.inboundMessage.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
      contactsSignalled: 1,
      signalledAt: expect.any(Date),
      signalAttempts: 1,
    });
    // Signalled rows are never taken again.
    await signalPendingReplies(deps);
    expect((await stack.db.inboundMessage.findUniqueOrThrow({ where: { id: stored.id } })).signalAttempts).toBe(1);
  });
});
