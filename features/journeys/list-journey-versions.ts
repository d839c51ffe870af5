import type { Db } from '../../infra/db.js';
import { readPage, type TPage } from '../../infra/pagination.js';
import { loadJourney } from './load-journey.js';

/** A kept version of a journey, without its graph. */
export interface TJourneyVersionItem {
  id: string;
  version: number;
  name: string;
  nodeCount: number;
  /** Runs launched with this version. */
  runCount: number;
  /** Contacts of other versions' runs that were moved onto this one and have not ended. */
  movedContacts: number;
  createdAt: Date;
}

/**
 * One page of a journey's kept versions, newest first: one per save without problems that
 * changed it, and per launch of a change not saved as a version yet. The cursor is a version
 * number (the last one shown).
 * @throws AppError not_found for another workspace's journey.
 */
export async function listJourneyVersions(
  db: Db,
  workspaceId: string,
  journeyId: string,
  page: { limit: number; cursor?: number | undefined },
): Promise<TPage<TJourneyVersionItem>> {
  const journey = await loadJourney(db, workspaceId, journeyId);
  return readPage(
    page.limit,
    async (take) => {
      const rows = await db.$queryRaw<(Omit<TJourneyVersionItem, 'runCount' | 'movedContacts'> & Counts)[]>`
        SELECT v.id::text AS id, v.version, v.name, v."createdAt",
          CASE WHEN jsonb_typeof(v.nodes) = 'array' THEN jsonb_array_length(v.nodes) ELSE 0 END AS "nodeCount",
          (SELECT count(*) FROM "Run" r WHERE r."journeyVersionId" = v.id) AS "runCount",
          (SELECT count(*) FROM "Contact" c JOIN "Run" r ON r.id = c."runId"
            WHERE r."journeyId" = v."journeyId" AND c."journeyVersion" = v.version AND c."endedAt" IS NULL) AS "movedContacts"
        FROM "JourneyVersion" v
        WHERE v."journeyId" = ${journey.id}::uuid AND v.version < ${page.cursor ?? 2_147_483_647}
        ORDER BY v.version DESC
        LIMIT ${take}`;
      return rows.map((row) => ({
        ...row,
        nodeCount: Number(row.nodeCount),
        runCount: Number(row.runCount),
        movedContacts: Number(row.movedContacts),
      }));
    },
    (last) => String(last.version),
  );
}

interface Counts {
  nodeCount: number | bigint;
  runCount: bigint;
  movedContacts: bigint;
}
