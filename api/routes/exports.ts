import type { Context } from 'hono';
import { z } from 'zod';
import { exportMessages, exportRunContacts, type TCsvExport } from '../../features/exports/index.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { createApiRoute } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZPathId } from '../schemas/common.js';
import { ZMessageExportQuery } from '../schemas/messages.js';

/** Streams an export as a download. no-store: it is personal data, not for shared caches. */
function csvResponse(c: Context<AppEnv>, exported: TCsvExport): Response {
  return c.body(exported.body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${exported.filename}"`,
    'Cache-Control': 'no-store',
  });
}

/** A failure after the headers were sent cuts the download short; the log says why. */
function logFailure(c: Context<AppEnv>) {
  return (error: unknown) => c.get('logger').error({ err: error, requestId: c.get('requestId') }, 'csv export failed');
}

const download = {
  description: 'The CSV download.',
  content: {
    'text/csv': {
      schema: z.string().meta({
        description: 'UTF-8 CSV with a header row. Cells that a spreadsheet would run as a formula are neutralised.',
      }),
    },
  },
  headers: z.object({ 'Content-Disposition': z.string().meta({ example: 'attachment; filename="messages.csv"' }) }),
};
const base = { tag: 'Exports', access: 'session' } as const;

/**
 * CSV downloads: `GET /runs/:id/contacts.csv` and `GET /messages.csv` (the filters of
 * GET /messages). Streamed page by page; every cell is neutralised against spreadsheet
 * formula injection (features/exports/neutralise.ts). Mount at the API root, behind requireAuth.
 */
export function exportRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/runs/{id}/contacts.csv',
        operationId: 'exportRunContacts',
        summary: "Download a run's contacts as CSV",
        description:
          'Streamed, by phone: phone, state, node, one `vars.<name>` column per variable, startedAt, endedAt, error, isTest (`true` for the contact of a test send).',
        request: { params: ZPathId },
        responses: { 200: download },
        errors: [404],
      }),
      async (c) => {
        const input = {
          workspaceId: c.get('auth').workspaceId,
          runId: c.req.valid('param').id,
          onError: logFailure(c),
        };
        return csvResponse(c, await exportRunContacts(db, input));
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/messages.csv',
        operationId: 'exportMessages',
        summary: 'Download messages as CSV',
        description:
          'The filters of GET /api/messages, without paging: every matching message, streamed, oldest first. The last column, isTest, is `true` for a send of a test run.',
        request: { query: ZMessageExportQuery },
        responses: { 200: download },
        errors: [400, 404],
      }),
      async (c) => {
        const input = { workspaceId: c.get('auth').workspaceId, filter: c.req.valid('query'), now: new Date() };
        return csvResponse(c, await exportMessages(db, { ...input, onError: logFailure(c) }));
      },
    );
}
