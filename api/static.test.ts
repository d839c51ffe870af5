import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../infra/logger.js';
import { precompressDir } from '../web/precompress.js';
import { createApp } from './app.js';

const logger = createLogger('test', 'silent');
const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';
const BUNDLE = 'console.log("app");';
const HTML = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
/** A bundle big enough to be precompressed (1 KiB and more), varied enough to stay 1 KiB compressed. */
const BIG_BUNDLE = Array.from({ length: 400 }, (_, i) => `export const v${i} = ${(i * 7919) % 10007};`).join('\n');
const BIG_PATH = '/assets/app-XyZ789.js';
/** What Chromium sends. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

let tmp: string;
let distDir: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'initucastt-web-'));
  distDir = join(tmp, 'dist');
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(distDir, 'index.html'), INDEX);
  writeFileSync(join(distDir, 'assets', 'index-AbC123.js'), BUNDLE);
  writeFileSync(join(distDir, 'assets', 'app-XyZ789.js'), BIG_BUNDLE);
  writeFileSync(join(distDir, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(join(tmp, 'secret.txt'), 'not for the web');
  // What the build's precompress plugin does to web/dist.
  await precompressDir(distDir);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function app(webDistDir: string, sandbox?: Hono) {
  return createApp({
    logger,
    readinessChecks: [],
    readinessTimeoutMs: 50,
    webDistDir,
    ...(sandbox ? { sandbox } : {}),
  });
}

describe('serving the built web app', () => {
  it('serves index.html at / with secure headers, revalidated on every load', async () => {
    const res = await app(distDir).request('/', { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(INDEX);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app(distDir).request('/assets/index-AbC123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(BUNDLE);
  });

  it('serves other files of the build without the long cache', async () => {
    const res = await app(distDir).request('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe('User-agent: *\n');
  });

  it('answers a browser navigating to a client-side route with index.html', async () => {
    const res = await app(distDir).request('/journeys/42/edit', { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('does not fall back for non-HTML requests, missing assets or other methods', async () => {
    const api = app(distDir);
    const json = await api.request('/journeys/42', { headers: { Accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /journeys/42.' } });

    const asset = await api.request('/assets/index-Gone99.js', { headers: HTML });
    expect(asset.status).toBe(404);
    expect(asset.headers.get('cache-control')).toBeNull();

    const post = await api.request('/journeys', { method: 'POST', headers: HTML });
    expect(post.status).toBe(404);
  });

  it('never swallows API paths, even when a browser asks for HTML', async () => {
    const sandbox = new Hono().get('/phones', (c) => c.json({ phones: [] }));
    const withSandbox = app(distDir, sandbox);
    expect(await (await withSandbox.request('/sandbox/phones', { headers: HTML })).json()).toEqual({ phones: [] });
    expect((await withSandbox.request('/sandbox/nope', { headers: HTML })).status).toBe(404);

    const api = app(distDir);
    const health = await api.request('/healthz', { headers: HTML });
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await api.request('/readyz', { headers: HTML })).headers.get('content-type')).toMatch(/^application\/json/);
    for (const path of ['/api', '/api/inbound', '/sandbox/phones', '/metrics', '/healthz/x']) {
      const res = await api.request(path, { headers: HTML });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found');
    }
  });

  it('serves nothing outside the dist directory', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await app(distDir).request(path);
      expect(await res.text(), path).not.toContain('not for the web');
    }
  });
});

describe('serving the build compressed', () => {
  async function bytes(res: Response): Promise<Buffer> {
    return Buffer.from(await res.arrayBuffer());
  }

  it('sends the brotli copy to a browser that accepts br, with the headers of the file', async () => {
    const res = await app(distDir).request(BIG_PATH, { headers: { 'Accept-Encoding': BROWSER_ENCODINGS } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await bytes(res);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(BIG_BUNDLE) / 2);
    expect(brotliDecompressSync(body).toString()).toBe(BIG_BUNDLE);
  });

  it('sends the gzip copy to a client that accepts gzip but not br', async () => {
    for (const accepted of ['gzip, deflate', 'br;q=0, gzip']) {
      const res = await app(distDir).request(BIG_PATH, { headers: { 'Accept-Encoding': accepted } });
      expect(res.headers.get('content-encoding'), accepted).toBe('gzip');
      expect(res.headers.get('content-type'), accepted).toMatch(/^text\/javascript/);
      expect(res.headers.get('vary'), accepted).toMatch(/accept-encoding/i);
      expect(gunzipSync(await bytes(res)).toString(), accepted).toBe(BIG_BUNDLE);
    }
  });

  it('sends the file itself to a client that accepts no encoding, still varying on Accept-Encoding', async () => {
    const clients: Record<string, string>[] = [
      {},
      { 'Accept-Encoding': 'identity' },
      { 'Accept-Encoding': 'br;q=0, gzip;q=0' },
    ];
    for (const headers of clients) {
      const res = await app(distDir).request(BIG_PATH, { headers });
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await bytes(res)).toString()).toBe(BIG_BUNDLE);
    }
  });

  it('deflates on the fly for a client that accepts only deflate: there is no copy of that', async () => {
    const res = await app(distDir).request(BIG_PATH, { headers: { 'Accept-Encoding': 'deflate' } });
    expect(res.headers.get('content-encoding')).toBe('deflate');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(inflateSync(await bytes(res)).toString()).toBe(BIG_BUNDLE);
  });

  it('leaves files under 1 KiB uncompressed: there is no copy of them', async () => {
    const res = await app(distDir).request('/assets/index-AbC123.js', {
      headers: { 'Accept-Encoding': BROWSER_ENCODINGS },
    });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(BUNDLE);
    // index.html of the fixture is as small: the page still comes back whole, revalidated.
    const page = await app(distDir).request('/journeys', {
      headers: { ...HTML, 'Accept-Encoding': BROWSER_ENCODINGS },
    });
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toBe(INDEX);
  });
});

describe('before the web app is built', () => {
  it('answers / with 503 in the error shape, and leaves the API alone', async () => {
    const api = app(join(tmp, 'not-built'));
    const res = await api.request('/', { headers: HTML });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'not_ready', message: 'The web app is not built: run npm run build:web' },
    });

    expect((await api.request('/journeys', { headers: HTML })).status).toBe(503);
    expect((await api.request('/assets/index-AbC123.js')).status).toBe(404);
    expect((await api.request('/healthz')).status).toBe(200);
  });
});
