import { Hono } from 'hono';
import { z } from 'zod';
import { Channel, MessageStatus, type Db } from '../../infra/db.js';
import { MESSAGE_FIELDS } from '../../features/messages/message-fields.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { isId } from '../owned-id.js';

// Shape only, like core/phone.ts: stored phones are already E.164, so this is an exact match.
const E164 = /^\+[1-9]\d{1,14}$/;

interface TCursor {
  createdAt: Date;
  id: string;
}

/** The opaque cursor of a row: base64url of `${createdAt ISO}|${id}`, the keyset it sorts by. */
function encodeCursor(row: TCursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

/** The keyset in a cursor, or undefined for anything encodeCursor could not have made. */
function decodeCursor(value: string): TCursor | undefined {
  const [at, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (at === undefined || id === undefined || rest.length > 0 || !isId(id)) return undefined;
  const createdAt = new Date(at);
  // Must re-encode to the same text: Buffer decodes leniently and Date parses loosely.
  if (Number.isNaN(createdAt.getTime()) || encodeCursor({ createdAt, id }) !== value) return undefined;
  return { createdAt, id };
}

const ZCursor = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const cursor = decodeCursor(value);
    if (cursor === undefined)
      ctx.addIssue({ code: 'custom', message: 'malformed cursor: pass nextCursor back unchanged' });
    return cursor ?? z.NEVER;
  });

// `status=failed,undelivered`, `status=failed&status=undelivered`, or both mixed.
const ZStatuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [...new Set([value].flat().flatMap((part) => part.split(',')))])
  .pipe(z.array(z.enum(MessageStatus)).min(1));

const ZInstant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const ZMessageQuery = z
  .object({
    runId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    // A raw `+` in a query string decodes to a space, hence the hint.
    phone: z
      .string()
      .regex(E164, 'must be an E.164 number such as +14155552671 (send + as %2B)')
      .optional()
      .describe('Exact E.164 number; send `+` as `%2B`.'),
    status: ZStatuses.optional().describe(`Comma-separated or repeated: ${Object.values(MessageStatus).join(', ')}.`),
    channel: z.enum(Channel).optional(),
    from: ZInstant.optional().describe('Created at or after this instant.'),
    to: ZInstant.optional().describe('Created before this instant.'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: ZCursor.optional().describe('`nextCursor` of the previous page, unchanged.'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ['from'],
    message: '`from` must be earlier than `to` (from is inclusive, to exclusive)',
  });

type TMessageQuery = z.infer<typeof ZMessageQuery>;

/**
 * One page of the workspace's messages, newest first (ties by id, descending). The cursor
 * is a (createdAt, id) keyset, so rows sharing a createdAt are neither skipped nor repeated.
 */
async function listMessages(db: Db, workspaceId: string, query: TMessageQuery) {
  const { limit, cursor, status, from, to } = query;
  const rows = await db.messageLog.findMany({
    where: {
      workspaceId,
      runId: query.runId,
      campaignId: query.campaignId,
      contactId: query.contactId,
      phone: query.phone,
      channel: query.channel,
      status: status && { in: status },
      AND: [
        { createdAt: { gte: from, lt: to } },
        cursor
          ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
          : {},
      ],
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: MESSAGE_FIELDS,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** `/messages`: the caller's workspace's outbound MessageLog, filtered and paginated. Mount behind requireAuth. */
export function messageRoutes({ db }: ApiServices) {
  return new Hono<AppEnv>().get('/', validate('query', ZMessageQuery), async (c) => {
    const { workspaceId } = c.get('auth');
    const query = c.req.valid('query');
    // Like /runs/:id/contacts: another workspace's run or campaign is the same 404 as a missing one.
    if (query.runId && !(await db.run.findFirst({ where: { id: query.runId, workspaceId }, select: { id: true } }))) {
      throw new AppError('not_found', 'No such run.');
    }
    if (
      query.campaignId &&
      !(await db.campaign.findFirst({ where: { id: query.campaignId, workspaceId }, select: { id: true } }))
    ) {
      throw new AppError('not_found', 'No such campaign.');
    }
    return c.json(await listMessages(db, workspaceId, query));
  });
}
