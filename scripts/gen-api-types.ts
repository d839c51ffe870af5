/**
 * `npm run gen:api`: writes web/src/api-client/schema.d.ts, the TypeScript view of the API's own
 * OpenAPI document (generated from the routes' declarations), which the web app's typed
 * client (openapi-fetch) is checked against. `--check` exits 1 when the file is out of date instead of writing it;
 * api/openapi/web-types.test.ts runs that check, so a route change without a regenerated
 * client fails the tests.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderApiTypes } from '../api/openapi/render-web-types.js';

const target = fileURLToPath(new URL('../web/src/api-client/schema.d.ts', import.meta.url));
const fresh = await renderApiTypes();
if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== fresh) {
    console.error('web/src/api-client/schema.d.ts is out of date: run `npm run gen:api`.');
    process.exit(1);
  }
} else {
  await writeFile(target, fresh);
  console.log(`wrote ${target}`);
}
