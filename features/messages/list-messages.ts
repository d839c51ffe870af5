import type { Db } from '../../infra/db.js';
import { readPage } from '../../infra/pagination.js';
import type { TMessageFilter } from '../exports/export-messages.js';
import { encodeMessageCursor, type TMessageCursor } from './message-cursor.js';
import { MESSAGE_FIELDS } from './message-fields.js';
import { requireMessageScope } from './require-message-scope.js';

export interface TMessageQuery extends TMessageFilter {
  limit: number;
  cursor?: TMessageCursor | undefined;
}

/**
 * One page of the workspace's outbound messages, newest first (ties by id, descending).
 * The cursor is a (createdAt, id) keyset, so rows sharing a createdAt are neither skipped
 * nor repeated.
 * @throws AppError not_found when the filter names another workspace's run or campaign.
 */
export async function listMessages(db: Db, workspaceId: string, query: TMessageQuery) {
  await requireMessageScope(db, workspaceId, query);
  const { cursor, status, from, to } = query;
  return readPage(
    query.limit,
    (take) =>
      db.messageLog.findMany({
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
              ? {
                  OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
                }
              : {},
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        select: MESSAGE_FIELDS,
      }),
    encodeMessageCursor,
  );
}
