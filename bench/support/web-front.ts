/**
 * One origin for a browser in a benchmark: the web app built from the current sources
 * (served by the API's own static handler) and, on the same port, the bench stack's API
 * process behind a plain proxy. The API process serves only web/dist; this keeps the bench
 * off a stale or missing build while it measures the real API process.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { proxy } from 'hono/proxy';
import { compressResponses } from '../../api/middleware/compress-responses.js';
import { serveWebApp } from '../../api/static.js';

const API_PREFIXES = ['/api', '/sandbox', '/healthz', '/readyz'];

export interface WebFront {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port; `close()` stops it. */
export async function startWebFront(apiUrl: string, webDistDir: string): Promise<WebFront> {
  const app = new Hono();
  // As the API process itself does (api/app.ts). hono/proxy asks the API for identity and
  // fetch would decode anything else, so the answers are compressed here, on the way out,
  // as the API would have sent them to this browser.
  app.use(compressResponses());
  for (const prefix of API_PREFIXES) {
    app.all(`${prefix}/*`, (c) => proxy(`${apiUrl}${c.req.path}${new URL(c.req.url).search}`, { raw: c.req.raw }));
    app.all(prefix, (c) => proxy(`${apiUrl}${c.req.path}${new URL(c.req.url).search}`, { raw: c.req.raw }));
  }
  app.route('/', serveWebApp(webDistDir));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Chromium keeps connections alive: drop them, or close() waits for their timeout.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
