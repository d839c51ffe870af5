import type { Channel, Db, MessageStatus, Prisma } from '../../infra/db.js';
import { requireMessageScope } from '../messages/require-message-scope.js';
import { csvStream, keysetPages, type TCsvExport } from './csv-stream.js';

const PAGE_SIZE = 1000;

/** The filters of GET /api/messages, without its paging. */
export interface TMessageFilter {
  runId?: string | undefined;
  campaignId?: string | undefined;
  contactId?: string | undefined;
  phone?: string | undefined;
  status?: MessageStatus[] | undefined;
  channel?: Channel | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

export const MESSAGE_CSV_COLUMNS = [
  'createdAt',
  'phone',
  'channel',
  'status',
  'errorCode',
  'error',
  'body',
  'twilioSid',
  'runId',
  'campaignId',
  'nodeId',
  'attempts',
  'isTest',
] as const;

const SELECT = Object.fromEntries([...MESSAGE_CSV_COLUMNS, 'id'].map((column) => [column, true])) as Record<
  (typeof MESSAGE_CSV_COLUMNS)[number] | 'id',
  true
>;

type TMessageRow = Prisma.MessageLogGetPayload<{ select: typeof SELECT }>;
type TKey = Pick<TMessageRow, 'createdAt' | 'id'>;

// Oldest first, keyset on (createdAt, id): the (workspaceId, createdAt) index serves it, and
// rows sharing a createdAt are neither skipped nor repeated between pages.
function fetchMessages(
  db: Db,
  workspaceId: string,
  filter: TMessageFilter,
  after: TKey | undefined,
): Promise<TMessageRow[]> {
  return db.messageLog.findMany({
    where: {
      workspaceId,
      runId: filter.runId,
      campaignId: filter.campaignId,
      contactId: filter.contactId,
      phone: filter.phone,
      channel: filter.channel,
      status: filter.status && { in: filter.status },
      AND: [
        { createdAt: { gte: filter.from, lt: filter.to } },
        after
          ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
          : {},
      ],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: PAGE_SIZE,
    select: SELECT,
  });
}

/**
 * The workspace's outbound messages matching `filter` as CSV, oldest first.
 * @throws AppError not_found when the filter names another workspace's run or campaign, as GET /api/messages does.
 */
export async function exportMessages(
  db: Db,
  input: { workspaceId: string; filter: TMessageFilter; now: Date; onError: (error: unknown) => void },
): Promise<TCsvExport> {
  const { workspaceId, filter } = input;
  await requireMessageScope(db, workspaceId, filter);
  async function* pages() {
    for await (const rows of keysetPages(
      PAGE_SIZE,
      (after: TKey | undefined) => fetchMessages(db, workspaceId, filter, after),
      ({ createdAt, id }) => ({ createdAt, id }),
    )) {
      yield rows.map((row) => MESSAGE_CSV_COLUMNS.map((column) => row[column]));
    }
  }
  // Only the time in the name: nothing a user typed ends up in a response header.
  const stamp = input.now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return { filename: `messages-${stamp}.csv`, body: csvStream(MESSAGE_CSV_COLUMNS, pages(), input.onError) };
}
