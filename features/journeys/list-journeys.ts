import type { Db, JourneyStatus } from '../../infra/db.js';
import { Prisma } from '../../infra/db.js';
import { isId } from '../../infra/owned-id.js';
import { readPage, unknownCursor, type TPage } from '../../infra/pagination.js';

/** A journey in the list: no graph, only how many nodes it has. */
export interface TJourneyListItem {
  id: string;
  name: string;
  status: JourneyStatus;
  createdAt: Date;
  updatedAt: Date;
  nodeCount: number;
}

/** Where a page starts: after the journey `cursor` names, in (updatedAt, id) order. */
async function afterCursor(db: Db, workspaceId: string, cursor: string | undefined): Promise<Prisma.Sql> {
  if (cursor === undefined) return Prisma.empty;
  const row = isId(cursor)
    ? await db.journey.findFirst({ where: { id: cursor, workspaceId }, select: { id: true, updatedAt: true } })
    : null;
  if (!row) throw unknownCursor();
  return Prisma.sql`AND ("updatedAt", id) < (${row.updatedAt}::timestamptz, ${row.id}::uuid)`;
}

/**
 * One page of the workspace's journeys, newest change first (ties by id, descending). SQL
 * rather than findMany, so nodeCount comes from jsonb_array_length instead of loading
 * every journey's whole graph.
 * @throws AppError invalid_input for a cursor that names no journey of the workspace.
 */
export async function listJourneys(
  db: Db,
  workspaceId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<TPage<TJourneyListItem>> {
  const after = await afterCursor(db, workspaceId, page.cursor);
  const result = await readPage(
    page.limit,
    (take) => db.$queryRaw<TJourneyListItem[]>`
      SELECT id::text AS id, name, status::text AS status, "createdAt", "updatedAt",
        CASE WHEN jsonb_typeof(nodes) = 'array' THEN jsonb_array_length(nodes) ELSE 0 END AS "nodeCount"
      FROM "Journey"
      WHERE "workspaceId" = ${workspaceId}::uuid ${after}
      ORDER BY "updatedAt" DESC, id DESC
      LIMIT ${take}`,
    (last) => last.id,
  );
  return { ...result, items: result.items.map((row) => ({ ...row, nodeCount: Number(row.nodeCount) })) };
}
