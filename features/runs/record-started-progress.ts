import type { Db } from '../../infra/db.js';
import type { TStep } from '../../workflows/contract/index.js';

export interface TStartedProgress {
  contactId: string;
  /** The node the contact stands at once started (its first send's message node). */
  cursor: string;
  steps: TStep[];
}

/**
 * Writes, for a batch of contacts about to start, the progress the launcher made for them
 * (their steps up to a first send it queued): one statement for the batch, with their start
 * time and visited nodes as recordContactProgress keeps them. Only contacts still queued are
 * written, so a retried batch appends nothing twice.
 */
export async function recordStartedProgress(db: Pick<Db, '$executeRaw'>, progress: TStartedProgress[]): Promise<void> {
  if (progress.length === 0) return;
  const at = new Date().toISOString();
  await db.$executeRaw`
    UPDATE "Contact" AS c
    SET "state" = 'active'::"ContactState", "cursor" = v."cursor", "history" = c."history" || v."entries", "updatedAt" = now(),
        "startedAt" = COALESCE(c."startedAt", (v."entries"->0->>'at')::timestamptz),
        "visited" = ARRAY(
          SELECT DISTINCT node FROM unnest(c."visited" || ARRAY(
            SELECT e->>'nodeId' FROM jsonb_array_elements(v."entries") e WHERE e->>'kind' = 'visit')) AS node
          ORDER BY node)
    FROM unnest(
      ${progress.map((p) => p.contactId)}::uuid[],
      ${progress.map((p) => p.cursor)}::text[],
      ${progress.map((p) => JSON.stringify(p.steps.map((step) => ({ at, ...step }))))}::jsonb[]
    ) AS v("id", "cursor", "entries")
    WHERE c."id" = v."id" AND c."state" = 'queued' AND c."endedAt" IS NULL`;
}
