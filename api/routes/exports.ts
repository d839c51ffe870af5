import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { exportMessages, exportRunContacts, type TCsvExport } from '../../features/exports/index.js';
import { Channel, MessageStatus } from '../../infra/db.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { ownedId } from '../owned-id.js';

// The filters of GET /api/messages (api/routes/messages.ts, which does not export its
// schema), without limit and cursor: an export is every matching row.
const E164 = /^\+[1-9]\d{1,14}$/;
const ZStatuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [...new Set([value].flat().flatMap((part) => part.split(',')))])
  .pipe(z.array(z.enum(MessageStatus)).min(1));
const ZInstant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const ZMessageExportQuery = z
  .object({
    runId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    phone: z.string().regex(E164, 'must be an E.164 number such as +14155552671 (send + as %2B)').optional(),
    status: ZStatuses.optional(),
    channel: z.enum(Channel).optional(),
    from: ZInstant.optional(),
    to: ZInstant.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ['from'],
    message: '`from` must be earlier than `to` (from is inclusive, to exclusive)',
  });

const NO_SUCH_RUN = 'No such run.';

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

/**
 * CSV downloads: `GET /runs/:id/contacts.csv` and `GET /messages.csv` (the filters of
 * GET /messages). Streamed page by page; every cell is neutralised against spreadsheet
 * formula injection (features/exports/neutralise.ts). Mount at the API root, behind requireAuth.
 */
export function exportRoutes({ db }: ApiServices) {
  return new Hono<AppEnv>()
    .get('/runs/:id/contacts.csv', async (c) => {
      const runId = ownedId(c.req.param('id'), NO_SUCH_RUN);
      const exported = await exportRunContacts(db, {
        workspaceId: c.get('auth').workspaceId,
        runId,
        onError: logFailure(c),
      });
      if (!exported) throw new AppError('not_found', NO_SUCH_RUN);
      return csvResponse(c, exported);
    })
    .get('/messages.csv', validate('query', ZMessageExportQuery), async (c) => {
      const { workspaceId } = c.get('auth');
      const filter = c.req.valid('query');
      // Like GET /messages: another workspace's run or campaign is the same 404 as a missing one.
      if (
        filter.runId &&
        !(await db.run.findFirst({ where: { id: filter.runId, workspaceId }, select: { id: true } }))
      ) {
        throw new AppError('not_found', NO_SUCH_RUN);
      }
      if (
        filter.campaignId &&
        !(await db.campaign.findFirst({ where: { id: filter.campaignId, workspaceId }, select: { id: true } }))
      ) {
        throw new AppError('not_found', 'No such campaign.');
      }
      return csvResponse(c, exportMessages(db, { workspaceId, filter, now: new Date(), onError: logFailure(c) }));
    });
}
