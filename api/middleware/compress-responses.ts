import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/** Smaller answers gain a few bytes at most from gzip, which adds 18 of its own and costs CPU. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Gives a JSON answer its Content-Length, which compress() needs to leave small answers
 * alone: Hono's c.json() sets none. Such a body is one string already in memory (nothing
 * here streams JSON), so reading it whole costs a copy, not a wait.
 */
async function measureJson(c: Context): Promise<void> {
  const type = c.res.headers.get('Content-Type') ?? '';
  if (!/^application\/json\b/i.test(type) || c.res.headers.has('Content-Length') || !c.res.body) return;
  const body = await c.res.arrayBuffer();
  const headers = new Headers(c.res.headers);
  headers.set('Content-Length', String(body.byteLength));
  c.res = new Response(body, { status: c.res.status, statusText: c.res.statusText, headers });
}

/**
 * gzip (or deflate) for every compressible answer of 1 KiB and more, by the client's
 * Accept-Encoding, with `Vary: Accept-Encoding` (hono/compress). What it passes over:
 * answers already encoded (the web app's precompressed files, api/static.ts), answers under
 * 1 KiB, Cache-Control: no-transform, HEAD, 206, and types that do not compress
 * (images, event streams).
 *
 * Streamed answers (the CSV exports, which have no Content-Length) are compressed too, as
 * they stream: the compressor reads a page only when the client takes the previous one, so
 * memory stays bounded as before, and a failure mid-way still aborts the download. zlib
 * holds output until it has about 16 KiB, which a download does not notice. /metrics is
 * compressed like any text answer: Prometheus asks for gzip on every scrape.
 *
 * Compressing answers that carry a token is not a BREACH risk here: the session cookie is
 * SameSite=Strict and every write needs the web app's own header, so no other site can make a
 * signed-in request and watch the sizes of its answers.
 *
 * `except`: path prefixes left alone, not even measured.
 */
export function compressResponses(options: { except?: readonly string[] } = {}): MiddlewareHandler {
  const compressor = compress({ threshold: COMPRESS_THRESHOLD_BYTES });
  const except = options.except ?? [];
  return async function compressResponses(c, next) {
    if (except.some((prefix) => c.req.path.startsWith(prefix))) return next();
    await compressor(c, async () => {
      await next();
      await measureJson(c);
    });
  };
}
