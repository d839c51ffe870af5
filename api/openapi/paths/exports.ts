import { z } from 'zod';
import { ZMessageQuery } from '../../routes/messages.js';
import { ZPathId } from '../common.js';
import type { TApiOperation } from '../operation.js';

const ZCsv = z.string().meta({
  description: 'UTF-8 CSV with a header row. Cells that a spreadsheet would run as a formula are neutralised.',
});
const download = z.object({
  'Content-Disposition': z.string().meta({ example: 'attachment; filename="messages.csv"' }),
});

// api/routes/exports.ts validates the filters of GET /api/messages without limit and cursor
// (an export is every matching row); its own schema is not exported, so its shape is taken from there.
const { limit: _limit, cursor: _cursor, ...exportFilters } = ZMessageQuery.shape;

const base = { tag: 'Exports', security: 'bearer' } as const;

export const EXPORT_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'get',
    path: '/api/runs/{id}/contacts.csv',
    operationId: 'exportRunContacts',
    summary: "Download a run's contacts as CSV",
    description:
      'Streamed, by phone: phone, state, node, one `vars.<name>` column per variable, startedAt, endedAt, error.',
    request: { path: ZPathId },
    success: { status: 200, description: 'The CSV download.', content: { 'text/csv': ZCsv }, headers: download },
    errors: [404],
  },
  {
    ...base,
    method: 'get',
    path: '/api/messages.csv',
    operationId: 'exportMessages',
    summary: 'Download messages as CSV',
    description: 'The filters of GET /api/messages, without paging: every matching message, streamed, oldest first.',
    request: { query: z.object(exportFilters) },
    success: { status: 200, description: 'The CSV download.', content: { 'text/csv': ZCsv }, headers: download },
    errors: [400, 404],
  },
];
