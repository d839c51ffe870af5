import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { AppError } from '../../infra/app-error.js';
import { createApiRoute } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';

const DOCUMENT_PATH = '/api/openapi.json';
const ASSETS_PATH = '/api/docs';

/**
 * The reference page is Swagger UI from the `swagger-ui-dist` package, served by us: one
 * registry package of static files with no dependency tree, no CDN, nothing fetched at run
 * time. (Scalar's offline build needs @scalar/api-reference and its ~30 dependencies, and an
 * inline configuration script.) Our own code is this page and the three-line start script.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>InituCastt API reference</title>
<link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${ASSETS_PATH}/start.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const START_SCRIPT = `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(DOCUMENT_PATH)}, dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

/**
 * Only what the viewer needs, from our own origin: its script and style sheet files (no
 * inline script or style element), the document it fetches, and the data: images its
 * style sheet embeds. Its components set styles through the DOM, which CSP does not govern.
 * secureHeaders (api/app.ts) keeps this header instead of the app-wide policy.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const require = createRequire(import.meta.url);
const PACKAGE_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** The viewer's files, read once from the installed package; undefined for any other name. */
function packageFile(name: string): Promise<string> | undefined {
  if (!(name in PACKAGE_FILES)) return undefined;
  return readFile(require.resolve(`swagger-ui-dist/${name}`), 'utf8');
}

/**
 * `GET /openapi.json` (this API's OpenAPI document, generated from the routes' own
 * declarations), `GET /docs` (its reference page) and `GET /docs/*` (the page's files).
 * Public (PUBLIC_PATHS in ./index.ts): they describe the API and hold no data.
 */
export function docsRoutes(document: () => { openapi: string }) {
  const files = new Map<string, Promise<string>>();
  return createRouter()
    .openapi(
      createApiRoute({
        tag: 'Docs',
        access: 'public',
        method: 'get',
        path: '/openapi.json',
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI 3.1 document',
        description: 'Generated from the route declarations and the zod schemas they validate with.',
        responses: {
          200: {
            description: 'The document.',
            content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
          },
        },
      }),
      (c) => c.json(document(), 200),
    )
    .openapi(
      createApiRoute({
        tag: 'Docs',
        access: 'public',
        method: 'get',
        path: '/docs',
        operationId: 'getApiReference',
        summary: 'The API reference as an HTML page',
        description: 'Swagger UI over this document, served from this server: it loads nothing from elsewhere.',
        responses: { 200: { description: 'The page.', content: { 'text/html': { schema: z.string() } } } },
      }),
      (c) => c.html(PAGE, 200, { 'Content-Security-Policy': DOCS_CSP }),
    )
    .get('/docs/*', async (c) => {
      const name = c.req.path.slice(`${ASSETS_PATH}/`.length);
      if (name === 'start.js') return c.body(START_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      const file = files.get(name) ?? packageFile(name);
      if (!file) throw new AppError('not_found', `No route for GET ${c.req.path}.`);
      files.set(name, file);
      return c.body(await file, 200, { 'Content-Type': PACKAGE_FILES[name]!, 'Cache-Control': 'no-cache' });
    });
}
