import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTwilioClient,
  isTwilioRestException,
  isValidTwilioSignature,
  RedirectingRequestClient,
  rewriteTwilioUrl,
  signTwilioRequest,
  watchRequestsLeaving,
} from './twilio.js';

describe('rewriteTwilioUrl', () => {
  it('keeps the twilio path and query under the api URL', () => {
    expect(
      rewriteTwilioUrl(
        'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B1',
        'http://127.0.0.1:3000/sandbox/twilio',
      ),
    ).toBe('http://127.0.0.1:3000/sandbox/twilio/2010-04-01/Accounts/AC1/Messages.json?To=%2B1');
    expect(rewriteTwilioUrl('https://messaging.twilio.com/v1/Services', 'http://localhost:4000/')).toBe(
      'http://localhost:4000/v1/Services',
    );
  });
});

describe('Twilio signatures', () => {
  const url = 'https://example.com/api/inbound?x=1';
  const params = { Body: 'Hi there', From: '+15551234567', MediaUrl: ['b', 'a'] };

  it('validates what it signs and nothing else', () => {
    const signature = signTwilioRequest('token', url, params);
    expect(isValidTwilioSignature('token', signature, url, params)).toBe(true);
    expect(isValidTwilioSignature('token', signature, url, { ...params, Body: 'Hi' })).toBe(false);
    expect(isValidTwilioSignature('other', signature, url, params)).toBe(false);
    expect(isValidTwilioSignature('token', undefined, url, params)).toBe(false);
  });

  it('matches Twilio’s documented algorithm (HMAC-SHA1 over URL + sorted key/values)', () => {
    // Example from https://www.twilio.com/docs/usage/security#validating-requests
    const docUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const docParams = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    expect(signTwilioRequest('12345', docUrl, docParams)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });
});

describe('createTwilioClient with apiUrl', () => {
  const seen: Array<{ method?: string; url?: string; authorization?: string; connection?: string; body: string }> = [];
  let server: http.Server;
  let apiUrl: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          connection: req.headers.connection,
          body,
        });
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            code: 21211,
            message: "Invalid 'To' Phone Number: +1",
            more_info: 'https://www.twilio.com/docs/errors/21211',
            status: 400,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/twilio`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the official client’s request to apiUrl and surfaces RestException', async () => {
    const client = createTwilioClient({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'secret', apiUrl });
    expect(client.httpClient).toBeInstanceOf(RedirectingRequestClient);
    const error: unknown = await client.messages
      .create({ to: '+1', from: '+15005550006', body: 'hi' })
      .catch((e: unknown) => e);
    expect(isTwilioRestException(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 21211, moreInfo: 'https://www.twilio.com/docs/errors/21211' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: `/sandbox/twilio/2010-04-01/Accounts/AC${'0'.repeat(32)}/Messages.json`,
      authorization: `Basic ${Buffer.from(`AC${'0'.repeat(32)}:secret`).toString('base64')}`,
      connection: 'keep-alive',
    });
    expect(new URLSearchParams(seen.at(-1)?.body).get('To')).toBe('+1');
  });

  it('tells when each request of a watched call was written out, and nothing of the calls around it', async () => {
    const client = createTwilioClient({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'secret', apiUrl });
    const send = (to: string) =>
      client.messages.create({ to, from: '+15005550006', body: 'hi' }).catch(() => undefined);
    const left: number[] = [];
    const before = performance.now();
    const [, watched] = await Promise.all([
      send('+10'),
      watchRequestsLeaving(
        (at) => left.push(at),
        async () => {
          await send('+11');
          return performance.now();
        },
      ),
      send('+12'),
    ]);
    // One request in the watched call: written after the call began, before its answer was read.
    expect(left).toHaveLength(1);
    expect(left[0]).toBeGreaterThanOrEqual(before);
    expect(left[0]).toBeLessThanOrEqual(watched);
    expect(seen.slice(-3).map((request) => new URLSearchParams(request.body).get('To'))).toEqual(
      expect.arrayContaining(['+10', '+11', '+12']),
    );
  });

  it('uses the stock RequestClient without apiUrl', () => {
    const client = createTwilioClient({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'secret' });
    expect(client.httpClient).not.toBeInstanceOf(RedirectingRequestClient);
    expect(client.httpClient.keepAlive).toBe(true);
  });
});
