import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../infra/logger.js';
import { createApp } from '../app.js';
import { COMPRESS_THRESHOLD_BYTES, compressResponses } from './compress-responses.js';

const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' };
const BIG = { items: Array.from({ length: 200 }, (_, i) => ({ id: `item-${i}`, name: `Item number ${i}` })) };

/** Text that deflate cannot shrink much, so a few KiB of it fill zlib's output buffer. */
function noise(bytes: number, seed: number): string {
  let state = seed;
  let text = '';
  while (text.length < bytes) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += state.toString(36);
  }
  return text.slice(0, bytes);
}

async function gunzipped(res: Response): Promise<string> {
  return gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
}

function appWith(routes: (app: Hono) => void): Hono {
  const app = new Hono();
  app.use(compressResponses());
  routes(app);
  return app;
}

describe('compressResponses', () => {
  it('gzips a JSON answer of 1 KiB and more, varying on Accept-Encoding', async () => {
    expect(JSON.stringify(BIG).length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
    const app = appWith((a) => a.get('/big', (c) => c.json(BIG)));
    const res = await app.request('/big', { headers: GZIP });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(JSON.parse(await gunzipped(res))).toEqual(BIG);
  });

  it('leaves a JSON answer under 1 KiB as it is, headers and cookies included', async () => {
    const app = appWith((a) =>
      a.get('/small', (c) => {
        c.header('Set-Cookie', 'a=1');
        c.header('Set-Cookie', 'b=2', { append: true });
        return c.json({ ok: true }, 201);
      }),
    );
    const res = await app.request('/small', { headers: GZIP });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-length')).toBe(String('{"ok":true}'.length));
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('sends JSON as it is to a client that asks for no encoding', async () => {
    const app = appWith((a) => a.get('/big', (c) => c.json(BIG)));
    const res = await app.request('/big');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(await res.json()).toEqual(BIG);
  });

  it('compresses a streamed body as it streams: compressed bytes arrive before the source ends', async () => {
    const head = noise(64 * 1024, 1);
    const tail = noise(8 * 1024, 2);
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const app = appWith((a) =>
      a.get('/export.csv', (c) => {
        // Like the CSV exports: a page per pull; the last one only once the client has had
        // compressed bytes of the first.
        const pages = [head, tail];
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (pages.length === 1) await finished;
            const page = pages.shift();
            if (page === undefined) return controller.close();
            controller.enqueue(new TextEncoder().encode(page));
          },
        });
        return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
      }),
    );
    const res = await app.request('/export.csv', { headers: GZIP });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    finish();
    const chunks = [Buffer.from(first.value!)];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(Buffer.from(next.value));
    expect(gunzipSync(Buffer.concat(chunks)).toString()).toBe(head + tail);
  });

  it('is mounted by createApp, around the routes it serves', async () => {
    const sandbox = new Hono().get('/big', (c) => c.json(BIG)).get('/twilio/big', (c) => c.json(BIG));
    const app = createApp({
      logger: createLogger('test', 'silent'),
      readinessChecks: [],
      readinessTimeoutMs: 50,
      sandbox,
    });
    const res = await app.request('/sandbox/big', { headers: GZIP });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(JSON.parse(await gunzipped(res))).toEqual(BIG);
    // The sandbox's Twilio API stands in for Twilio: its answers go out as they are.
    const twilio = await app.request('/sandbox/twilio/big', { headers: GZIP });
    expect(twilio.headers.get('content-encoding')).toBeNull();
    expect(await twilio.json()).toEqual(BIG);
    // The error shape is small: it goes out as it is.
    const missing = await app.request('/nope', { headers: GZIP });
    expect(missing.headers.get('content-encoding')).toBeNull();
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
