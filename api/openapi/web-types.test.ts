import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderApiTypes } from './render-web-types.js';

describe('web/src/api-client/schema.d.ts', () => {
  it('matches the OpenAPI document (run `npm run gen:api` after changing a route)', async () => {
    const committed = await readFile(new URL('../../web/src/api-client/schema.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await renderApiTypes());
  });
});
