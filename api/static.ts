import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { AppError } from '../infra/app-error.js';
import type { AppEnv } from './env.js';

/** Paths that belong to the API: never answered with a file or the web app's index.html. */
const API_PREFIXES = ['/api', '/sandbox', '/healthz', '/readyz', '/metrics'] as const;

/** Vite puts a content hash in every name under /assets, so a file there never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is revalidated, so a new build shows up at once. */
const REVALIDATE = 'no-cache';

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function acceptsHtml(accept: string | undefined): boolean {
  return accept?.includes('text/html') ?? false;
}

/** Runs a serveStatic handler: its response, or undefined when it has no such file. */
async function tryServe(handler: MiddlewareHandler<AppEnv>, c: Context<AppEnv>): Promise<Response | undefined> {
  let missing = false;
  const response = await handler(c, async () => {
    missing = true;
  });
  return missing || !(response instanceof Response) ? undefined : response;
}

/**
 * The file's response with its caching headers. Vary on every file, not only on those
 * answered compressed: a shared cache must not hand the identity copy it stored for one
 * client to a browser that could have had the smaller one, nor the reverse.
 */
function withCacheHeaders(response: Response, cacheControl: string): Response {
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', cacheControl);
  if (!/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(headers.get('Vary') ?? ''))
    headers.append('Vary', 'Accept-Encoding');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function isAsset(path: string): boolean {
  return path.startsWith('/assets/');
}

/**
 * Serves the built web app (`npm run build:web` writes `web/dist`): its files, and
 * `index.html` for any other page a browser navigates to, so client-side routes load.
 * A file's `.br` or `.gz` copy written at build time (web/precompress.ts) is sent instead,
 * with its Content-Encoding, to a client whose Accept-Encoding names br or gzip (br first);
 * any other client gets the file itself.
 * API paths are never swallowed. Mount it last: `app.route('/', serveWebApp(dir))`.
 * Until the app is built, `/` answers 503 saying how to build it.
 */
export function serveWebApp(distDir: string) {
  const absoluteDir = resolve(distDir);
  const indexFile = join(absoluteDir, 'index.html');
  // @hono/node-server's serveStatic joins `root` with the request path and reads it relative
  // to the working directory; `|| '.'` keeps an empty root from meaning the filesystem root.
  const root = relative(process.cwd(), absoluteDir) || '.';
  const notBuilt = () => new AppError('not_ready', 'The web app is not built: run npm run build:web');

  // Built on first use: serveStatic complains on stderr about a root that does not exist yet.
  let handlers: { files: MiddlewareHandler<AppEnv>; index: MiddlewareHandler<AppEnv> } | undefined;
  const serve = () =>
    (handlers ??= {
      files: serveStatic<AppEnv>({ root, precompressed: true }),
      index: serveStatic<AppEnv>({ root, path: 'index.html', precompressed: true }),
    });

  return new Hono<AppEnv>().get('*', async (c, next) => {
    const path = c.req.path;
    if (isApiPath(path)) return next();
    const page = path === '/' || path === '/index.html';
    if (!existsSync(indexFile)) {
      if (page || (!isAsset(path) && acceptsHtml(c.req.header('accept')))) throw notBuilt();
      return next();
    }
    const { files, index } = serve();
    let response = page ? await tryServe(index, c) : await tryServe(files, c);
    // Any other page a browser navigates to is a client-side route: the app itself.
    // A missing hashed bundle stays a 404.
    if (!response && !page && !isAsset(path) && acceptsHtml(c.req.header('accept')))
      response = await tryServe(index, c);
    if (!response) return next();
    return withCacheHeaders(response, isAsset(path) ? IMMUTABLE : REVALIDATE);
  });
}
