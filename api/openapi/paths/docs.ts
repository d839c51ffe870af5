import { z } from 'zod';
import type { TApiOperation } from '../operation.js';

const base = { tag: 'Docs', security: 'public' } as const;

export const DOCS_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the zod schemas the routes validate with.',
    success: {
      status: 200,
      description: 'The document.',
      content: { 'application/json': z.looseObject({ openapi: z.string() }) },
    },
  },
  {
    ...base,
    method: 'get',
    path: '/api/docs',
    operationId: 'getApiReference',
    summary: 'The API reference as an HTML page',
    description: 'Rendered from this document on the server; the page runs no scripts.',
    success: { status: 200, description: 'The page.', content: { 'text/html': z.string() } },
  },
];
