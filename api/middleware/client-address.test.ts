import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

/** The client address an app with `trustProxy` hops computes for a request from `socket`. */
async function resolve(trustProxy: number, socket: string | undefined, xff?: string): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trustProxy, () => socket)));
  return (await app.request('/', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } })).text();
}

describe('clientAddress', () => {
  it('is the socket address, whatever X-Forwarded-For says, without trusted proxies', async () => {
    expect(await resolve(0, '192.0.2.1', '203.0.113.7')).toBe('192.0.2.1');
  });

  it('is "unknown" without a socket (app.request in tests)', async () => {
    expect(await resolve(0, undefined)).toBe('unknown');
  });

  it('counts trusted hops from the right, ignoring what the client prepended', async () => {
    expect(await resolve(1, '10.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await resolve(1, '10.0.0.1', 'forged, 203.0.113.7')).toBe('203.0.113.7');
    expect(await resolve(2, '10.0.0.2', 'forged, 203.0.113.7, 10.0.0.1')).toBe('203.0.113.7');
  });

  it('falls back to the leftmost hop when there are fewer than trusted, and to the socket when there are none', async () => {
    expect(await resolve(3, '10.0.0.2', '203.0.113.7, 10.0.0.1')).toBe('203.0.113.7');
    expect(await resolve(1, '10.0.0.1')).toBe('10.0.0.1');
    expect(await resolve(1, '10.0.0.1', ' , ')).toBe('10.0.0.1');
  });
});
