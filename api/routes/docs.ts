import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi/build-document.js';
import { DOCS_CSS, renderDocsPage } from '../openapi/render-docs-page.js';
import type { AppEnv } from '../env.js';

const DOCUMENT_PATH = '/api/openapi.json';

/**
 * The reference page runs no script and loads nothing: its one inline style sheet is
 * allowed by hash, so even an injected <style> or <script> would not apply.
 * secureHeaders (api/app.ts) keeps this header instead of the app-wide policy.
 */
const DOCS_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(DOCS_CSS).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * `GET /openapi.json` and `GET /docs`: the OpenAPI document of every /api route and its
 * reference page. Public (PUBLIC_PATHS in ./index.ts). Built once, on first request.
 */
export function docsRoutes() {
  let built: { json: string; html: string } | undefined;
  const docs = () => {
    if (!built) {
      const document = buildOpenApiDocument();
      built = { json: JSON.stringify(document), html: renderDocsPage(document, DOCUMENT_PATH) };
    }
    return built;
  };
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.body(docs().json, 200, { 'Content-Type': 'application/json; charset=UTF-8' }))
    .get('/docs', (c) => c.html(docs().html, 200, { 'Content-Security-Policy': DOCS_CSP }));
}
