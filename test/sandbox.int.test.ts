/**
 * The built-in Twilio sandbox, driven through the official `twilio` client exactly as the
 * message worker uses it, on a real HTTP port. Webhook targets (inbound and status
 * callbacks) live in the same parent app and check every X-Twilio-Signature.
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { basicAuthorization, createSandbox, MAGIC_NUMBERS, type Sandbox } from '../sandbox/index.js';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../infra/config.js';
import { createDb, type Db } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import {
  createTwilioClient,
  isTwilioRestException,
  isValidTwilioSignature,
  type TwilioClient,
} from '../infra/twilio.js';
import { asOperator, OPERATOR_AUTHORIZATION } from './support/sandbox-operator.js';

const SMS_FROM = '+15005550006';
const WHATSAPP_FROM = 'whatsapp:+14155238886';
const HX = `HX${'ab'.repeat(16)}`;

/** A phone number no other test (or earlier run on a reused database) has used. */
const runSeed = Math.floor(Math.random() * 90_000) + 10_000;
let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+1555${String(runSeed * 100 + phoneCounter).padStart(7, '0')}`;
}

interface Received {
  path: string;
  url: string;
  params: Record<string, string>;
  signature: string | undefined;
  signatureValid: boolean;
  idempotencyToken: string | undefined;
}

/** Every webhook the parent app received, with a way to wait for one. */
class Inbox {
  readonly items: Received[] = [];
  private readonly events = new EventEmitter();

  add(item: Received): void {
    this.items.push(item);
    this.events.emit('item', item);
  }

  /** Resolves with the first received item matching; rejects after a deadline so failures name what was missing. */
  waitFor(description: string, match: (item: Received) => boolean, deadlineMs = 10_000): Promise<Received> {
    const existing = this.items.find(match);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onItem = (item: Received) => {
        if (!match(item)) return;
        clearTimeout(timer);
        this.events.off('item', onItem);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.events.off('item', onItem);
        reject(
          new Error(
            `Timed out waiting for ${description}; received ${JSON.stringify(this.items.map((i) => [i.path, i.params.MessageStatus ?? i.params.Body]))}`,
          ),
        );
      }, deadlineMs);
      this.events.on('item', onItem);
    });
  }
}

let db: Db;
let server: ServerType;
let sandbox: Sandbox;
let baseUrl: string;
let client: TwilioClient;
const inbox = new Inbox();
/** Status code the callback route answers per `?fail=` key, consumed one answer at a time. */
const scriptedFailures = new Map<string, number[]>();
/** Status code the inbound route answers per From. */
const inboundStatus = new Map<string, number>();

/** Records a webhook; `answered` marks attempts the route is about to fail on purpose. */
async function recordWebhook(c: Context, answered?: number): Promise<Received> {
  const body = await c.req.parseBody();
  const params = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
  if (answered !== undefined) params.__answered = String(answered);
  const item: Received = {
    path: c.req.path,
    url: c.req.url,
    params,
    signature: c.req.header('x-twilio-signature'),
    signatureValid: isValidTwilioSignature(SANDBOX_AUTH_TOKEN, c.req.header('x-twilio-signature'), c.req.url, params),
    idempotencyToken: c.req.header('i-twilio-idempotency-token'),
  };
  inbox.add(item);
  return item;
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { max: 4 });
  // Routes are added once the port (part of every signed URL) is known; no request arrives before.
  const parent = new Hono();
  server = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  sandbox = createSandbox({
    db,
    logger: createLogger('sandbox-test', 'silent'),
    accountSid: SANDBOX_ACCOUNT_SID,
    authToken: SANDBOX_AUTH_TOKEN,
    publicUrl: baseUrl,
    delivery: { callbackBackoffMs: 5 },
  });
  parent.route('/sandbox', sandbox.app);
  parent.post('/api/inbound', async (c) => {
    const item = await recordWebhook(c);
    return c.body('<Response/>', (inboundStatus.get(item.params.From ?? '') ?? 200) as 200, {
      'content-type': 'text/xml',
    });
  });
  parent.post('/hooks/status', async (c) => {
    const failures = scriptedFailures.get(c.req.query('fail') ?? '');
    const status = failures?.shift();
    await recordWebhook(c, status);
    return status === undefined ? c.body(null, 204) : c.text('scripted failure', status as 500);
  });

  client = createTwilioClient({
    accountSid: SANDBOX_ACCOUNT_SID,
    authToken: SANDBOX_AUTH_TOKEN,
    apiUrl: `${baseUrl}/sandbox/twilio`,
  });
});

afterAll(async () => {
  if (sandbox) {
    await sandbox.idle();
    sandbox.close();
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await db?.$disconnect();
});

async function restError(
  promise: Promise<unknown>,
): Promise<{ code: unknown; status: unknown; moreInfo: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(isTwilioRestException(error)).toBe(true);
    const e = error as { code: unknown; status: unknown; moreInfo: unknown; message: string };
    return { code: e.code, status: e.status, moreInfo: e.moreInfo, message: e.message };
  }
  throw new Error('expected the twilio client to throw');
}

const callbackFor = (sid: string, status: string) => (item: Received) =>
  item.path === '/hooks/status' &&
  item.params.MessageSid === sid &&
  item.params.MessageStatus === status &&
  item.params.__answered === undefined;

describe('Twilio Messages API through the official client', () => {
  it('creates an SMS and reports sent then delivered through signed status callbacks', async () => {
    const to = uniquePhone();
    const before = Date.now();
    const message = await client.messages.create({
      to,
      from: SMS_FROM,
      body: 'Hello from the sandbox',
      statusCallback: `${baseUrl}/hooks/status?tag=sms`,
    });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({
      accountSid: SANDBOX_ACCOUNT_SID,
      to,
      from: SMS_FROM,
      body: 'Hello from the sandbox',
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      numMedia: '0',
      apiVersion: '2010-04-01',
      errorCode: null,
      price: null,
    });
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(message.dateCreated.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(message.uri).toBe(`/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages/${message.sid}.json`);

    const sent = await inbox.waitFor('sent callback', callbackFor(message.sid, 'sent'));
    const delivered = await inbox.waitFor('delivered callback', callbackFor(message.sid, 'delivered'));
    expect(inbox.items.indexOf(sent)).toBeLessThan(inbox.items.indexOf(delivered));
    for (const callback of [sent, delivered]) {
      expect(callback.signatureValid).toBe(true);
      expect(callback.url).toBe(`${baseUrl}/hooks/status?tag=sms`);
      expect(callback.params).toMatchObject({
        MessageSid: message.sid,
        SmsSid: message.sid,
        AccountSid: SANDBOX_ACCOUNT_SID,
        From: SMS_FROM,
        To: to,
        ApiVersion: '2010-04-01',
      });
      expect(callback.params.SmsStatus).toBe(callback.params.MessageStatus);
      expect(callback.params.ErrorCode).toBeUndefined();
    }

    const fetched = await client.messages(message.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it('creates a WhatsApp template message and echoes the whatsapp: addresses', async () => {
    const phone = uniquePhone();
    const message = await client.messages.create({
      to: `whatsapp:${phone}`,
      from: WHATSAPP_FROM,
      contentSid: HX,
      contentVariables: JSON.stringify({ 1: 'Ada' }),
      statusCallback: `${baseUrl}/hooks/status`,
    });
    expect(message).toMatchObject({ to: `whatsapp:${phone}`, from: WHATSAPP_FROM, status: 'queued', body: '' });
    const delivered = await inbox.waitFor('whatsapp delivered callback', callbackFor(message.sid, 'delivered'));
    expect(delivered.signatureValid).toBe(true);
    expect(delivered.params).toMatchObject({
      To: `whatsapp:${phone}`,
      From: WHATSAPP_FROM,
      ChannelPrefix: 'whatsapp',
      ChannelToAddress: phone,
    });

    const response = await asOperator(`${baseUrl}/sandbox/messages?to=${encodeURIComponent(phone)}`);
    const { messages } = (await response.json()) as { messages: Array<Record<string, unknown>> };
    expect(messages).toEqual([
      expect.objectContaining({
        sid: message.sid,
        channel: 'whatsapp',
        contentSid: HX,
        contentVariables: { 1: 'Ada' },
      }),
    ]);
  });

  it('answers invalid requests with Twilio error codes the client raises as RestException', async () => {
    const invalid = await restError(client.messages.create({ to: '+123', from: SMS_FROM, body: 'x' }));
    expect(invalid).toMatchObject({ code: 21211, status: 400, moreInfo: 'https://www.twilio.com/docs/errors/21211' });
    expect(invalid.message).toContain('+123');

    const wrongToken = createTwilioClient({
      accountSid: SANDBOX_ACCOUNT_SID,
      authToken: 'not-the-token',
      apiUrl: `${baseUrl}/sandbox/twilio`,
    });
    expect(await restError(wrongToken.messages.create({ to: uniquePhone(), from: SMS_FROM, body: 'x' }))).toMatchObject(
      { code: 20003, status: 401, message: 'Authenticate' },
    );

    const other = `AC${'1'.repeat(32)}`;
    const otherAccount = createTwilioClient({
      accountSid: other,
      authToken: SANDBOX_AUTH_TOKEN,
      apiUrl: `${baseUrl}/sandbox/twilio`,
    });
    expect(await restError(otherAccount.messages.list({ limit: 1 }))).toMatchObject({ code: 20003, status: 401 });

    const to = uniquePhone();
    expect(await restError(client.messages.create({ to, from: SMS_FROM }))).toMatchObject({ code: 21602, status: 400 });
    expect(await restError(client.messages.create({ to: `whatsapp:${to}`, from: SMS_FROM, body: 'x' }))).toMatchObject({
      code: 63007,
    });
    expect(await restError(client.messages.create({ to, from: SMS_FROM, body: 'x'.repeat(1601) }))).toMatchObject({
      code: 21617,
    });
    expect(
      await restError(client.messages.create({ to, body: 'x' } as { to: string; from: string; body: string })),
    ).toMatchObject({ code: 21603 });
    expect(
      await restError(client.messages.create({ to: MAGIC_NUMBERS.notMobile, from: SMS_FROM, body: 'x' })),
    ).toMatchObject({ code: 21614 });

    const unknown = await restError(client.messages(`SM${'0'.repeat(32)}`).fetch());
    expect(unknown).toMatchObject({ code: 20404, status: 404 });

    // Nothing was stored for the rejected requests.
    expect(await client.messages.list({ to, limit: 5 })).toEqual([]);
  });

  it('lists by To and DateSent window, newest first, across pages', async () => {
    const to = uniquePhone();
    const start = new Date();
    const sids: string[] = [];
    for (const body of ['one', 'two', 'three'])
      sids.push((await client.messages.create({ to, from: SMS_FROM, body })).sid);
    await client.messages.create({ to: uniquePhone(), from: SMS_FROM, body: 'someone else' });

    const listed = await client.messages.list({ to, dateSentAfter: start, limit: 10 });
    expect(listed.map((m) => m.sid)).toEqual([...sids].reverse());
    expect(listed.map((m) => m.body)).toEqual(['three', 'two', 'one']);

    // pageSize 2 makes the client follow next_page_uri (a PageToken) for the third.
    const paged = await client.messages.list({ to, pageSize: 2 });
    expect(paged.map((m) => m.sid)).toEqual([...sids].reverse());
    const firstPage = await client.messages.page({ to, pageSize: 2 });
    expect(firstPage.instances).toHaveLength(2);
    expect(firstPage.nextPageUrl).toContain('PageToken=PA');

    const dayAgo = new Date(start.getTime() - 86_400_000);
    expect(await client.messages.list({ to, dateSentBefore: dayAgo })).toEqual([]);
    expect(await client.messages.list({ to, dateSentAfter: new Date(start.getTime() + 3_600_000) })).toEqual([]);
    const inWindow = await client.messages.list({
      to,
      dateSentAfter: dayAgo,
      dateSentBefore: new Date(Date.now() + 60_000),
    });
    expect(inWindow).toHaveLength(3);

    const one = await client.messages(sids[1]!).fetch();
    expect(one).toMatchObject({ sid: sids[1], to, body: 'two' });
  });

  it('retries a status callback the target failed, with the same idempotency token', async () => {
    const to = uniquePhone();
    scriptedFailures.set(to, [500, 503]);
    const message = await client.messages.create({
      to,
      from: SMS_FROM,
      body: 'retry me',
      statusCallback: `${baseUrl}/hooks/status?fail=${encodeURIComponent(to)}`,
    });
    const sent = await inbox.waitFor('sent callback after retries', callbackFor(message.sid, 'sent'));
    const attempts = inbox.items.filter(
      (i) => i.params.MessageSid === message.sid && i.params.MessageStatus === 'sent',
    );
    expect(attempts.map((a) => a.params.__answered)).toEqual(['500', '503', undefined]);
    expect(new Set(attempts.map((a) => a.idempotencyToken)).size).toBe(1);
    expect(sent.signatureValid).toBe(true);
    await inbox.waitFor('delivered after retries', callbackFor(message.sid, 'delivered'));
  });

  it('reports undelivered with ErrorCode for the undeliverable magic number', async () => {
    const message = await client.messages.create({
      to: MAGIC_NUMBERS.undelivered,
      from: SMS_FROM,
      body: 'never arrives',
      statusCallback: `${baseUrl}/hooks/status`,
    });
    const undelivered = await inbox.waitFor('undelivered callback', callbackFor(message.sid, 'undelivered'));
    expect(undelivered.params.ErrorCode).toBe('30003');
    expect(undelivered.signatureValid).toBe(true);
    expect(await client.messages(message.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30003 });
  });
});

describe('phone simulator routes', () => {
  async function conversation(phone: string) {
    const response = await asOperator(`${baseUrl}/sandbox/messages?to=${encodeURIComponent(phone)}`);
    expect(response.status).toBe(200);
    return (
      (await response.json()) as {
        messages: Array<{
          sid: string;
          direction: string;
          channel: string;
          body: string | null;
          from: string;
          to: string;
          dateCreated: string;
        }>;
      }
    ).messages;
  }

  async function reply(body: unknown): Promise<Response> {
    return asOperator(`${baseUrl}/sandbox/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('lists what a phone received and sent, oldest first, across both channels', async () => {
    const phone = uniquePhone();
    const a = await client.messages.create({ to: phone, from: SMS_FROM, body: 'sms first' });
    const b = await client.messages.create({ to: `whatsapp:${phone}`, from: WHATSAPP_FROM, body: 'whatsapp second' });
    const r = (await (await reply({ from: phone, body: 'third, a reply' })).json()) as { sid: string };
    const c = await client.messages.create({ to: phone, from: SMS_FROM, body: 'sms fourth' });
    await client.messages.create({ to: uniquePhone(), from: SMS_FROM, body: 'not this phone' });

    const messages = await conversation(phone);
    expect(messages.map((m) => m.sid)).toEqual([a.sid, b.sid, r.sid, c.sid]);
    expect(messages.map((m) => [m.direction, m.channel])).toEqual([
      ['outbound-api', 'sms'],
      ['outbound-api', 'whatsapp'],
      ['inbound', 'whatsapp'],
      ['outbound-api', 'sms'],
    ]);
    expect(messages.map((m) => Date.parse(m.dateCreated))).toEqual(
      [...messages.map((m) => Date.parse(m.dateCreated))].sort((x, y) => x - y),
    );
    // `+` left unencoded in the query decodes as a space; the sandbox restores it.
    // (Sids only: the delivery simulation may move a status on between the two reads.)
    const unencoded = (await asOperator(`${baseUrl}/sandbox/messages?to=${phone}`).then((res) => res.json())) as {
      messages: Array<{ sid: string }>;
    };
    expect(unencoded.messages.map((m) => m.sid)).toEqual(messages.map((m) => m.sid));
    // The whatsapp: form of the number finds the same conversation.
    expect((await conversation(`whatsapp:${phone}`)).map((m) => m.sid)).toEqual(messages.map((m) => m.sid));

    const phones = (await asOperator(`${baseUrl}/sandbox/phones`).then((res) => res.json())) as {
      phones: Array<{ phone: string; messageCount: number; lastMessage: { sid: string } }>;
    };
    expect(phones.phones.find((p) => p.phone === phone)).toEqual(
      expect.objectContaining({ messageCount: 4, lastMessage: expect.objectContaining({ sid: c.sid }) }),
    );
  });

  it('rejects a missing or malformed phone with invalid_input', async () => {
    for (const query of ['', '?to=12', '?to=whatsapp:abc']) {
      const response = await asOperator(`${baseUrl}/sandbox/messages${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    const noBody = await reply({ from: uniquePhone() });
    expect(noBody.status).toBe(400);
    expect(((await noBody.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('posts a signed WhatsApp inbound webhook with ButtonPayload to the sender that last wrote', async () => {
    const phone = uniquePhone();
    const sender = 'whatsapp:+14155550142';
    await client.messages.create({ to: `whatsapp:${phone}`, from: sender, body: 'Confirm your booking?' });

    const response = await reply({ from: phone, body: 'Yes', payload: 'CONFIRM_BOOKING', profileName: 'Ada' });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { sid: string; webhookStatus: number };
    expect(answer).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), webhookStatus: 200 });

    const webhook = await inbox.waitFor(
      'inbound webhook',
      (i) => i.path === '/api/inbound' && i.params.MessageSid === answer.sid,
    );
    expect(webhook.signatureValid).toBe(true);
    expect(webhook.url).toBe(`${baseUrl}/api/inbound`);
    expect(webhook.params).toMatchObject({
      MessageSid: answer.sid,
      SmsMessageSid: answer.sid,
      AccountSid: SANDBOX_ACCOUNT_SID,
      From: `whatsapp:${phone}`,
      To: sender,
      Body: 'Yes',
      NumMedia: '0',
      ProfileName: 'Ada',
      WaId: phone.slice(1),
      ButtonPayload: 'CONFIRM_BOOKING',
      ButtonText: 'Yes',
    });
    // A tampered parameter no longer matches the signature.
    expect(
      isValidTwilioSignature(SANDBOX_AUTH_TOKEN, webhook.signature, webhook.url, {
        ...webhook.params,
        ButtonPayload: 'CANCEL',
      }),
    ).toBe(false);
    expect(isValidTwilioSignature('another-token', webhook.signature, webhook.url, webhook.params)).toBe(false);

    const messages = await conversation(phone);
    expect(messages.at(-1)).toMatchObject({
      sid: answer.sid,
      direction: 'inbound',
      from: `whatsapp:${phone}`,
      to: sender,
      body: 'Yes',
    });
  });

  it('replies over SMS to the SMS sender and reports the webhook status as answered', async () => {
    const phone = uniquePhone();
    await client.messages.create({ to: phone, from: '+15005550077', body: 'Reply STOP to opt out' });
    inboundStatus.set(phone, 503);
    const response = await reply({ from: phone, body: 'STOP' });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { sid: string; webhookStatus: number };
    expect(answer.webhookStatus).toBe(503);
    const webhook = await inbox.waitFor(
      'sms inbound webhook',
      (i) => i.path === '/api/inbound' && i.params.MessageSid === answer.sid,
    );
    expect(webhook.signatureValid).toBe(true);
    expect(webhook.params).toMatchObject({ From: phone, To: '+15005550077', Body: 'STOP' });
    expect(webhook.params.WaId).toBeUndefined();
    expect(webhook.params.ButtonPayload).toBeUndefined();
  });

  it('serves the simulator and control routes only to the operator when no sessions are wired in', async () => {
    for (const path of ['/phones', '/messages?to=%2B15551234567', '/faults', '/attempts', '/stats/rate']) {
      const anonymous = await sandbox.app.request(path);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
      const wrong = await sandbox.app.request(path, {
        headers: { authorization: basicAuthorization({ accountSid: SANDBOX_ACCOUNT_SID, authToken: 'not-the-token' }) },
      });
      expect(wrong.status).toBe(401);
    }
    const reply = await sandbox.app.request('/reply', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: uniquePhone(), body: 'STOP', channel: 'sms' }),
    });
    expect(reply.status).toBe(401);
  });

  it('answers 502 when the inbound webhook cannot be reached', async () => {
    const unreachable = createSandbox({
      db,
      logger: createLogger('sandbox-test', 'silent'),
      accountSid: SANDBOX_ACCOUNT_SID,
      authToken: SANDBOX_AUTH_TOKEN,
      // Nothing listens on the discard port.
      publicUrl: 'http://127.0.0.1:9',
    });
    const response = await unreachable.app.request('/reply', {
      method: 'POST',
      headers: {
        authorization: OPERATOR_AUTHORIZATION,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ from: uniquePhone(), body: 'hi', channel: 'sms' }),
    });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('webhook_unreachable');
    unreachable.close();
  });
});
