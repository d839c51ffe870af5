import type { Db } from '../../infra/db.js';
import type { ContactProgress } from '../../workflows/contract/index.js';

const FINAL = new Set(['done', 'failed', 'stopped']);

/**
 * Mirrors a contact's progress into Postgres for the runs API and dashboards (Temporal
 * stays the source of truth). Safe to retry: entries are appended only while the contact
 * has not ended, and a run counts a contact as processed exactly once, when its row
 * first ends; the last contact to end finishes the run.
 */
export async function recordContactProgress(deps: { db: Db }, progress: ContactProgress): Promise<void> {
  const ending = FINAL.has(progress.state);
  await deps.db.$transaction(async (tx) => {
    const updated = await tx.$executeRaw`
      UPDATE "Contact"
      SET "state" = ${progress.state}::"ContactState",
          "cursor" = ${progress.cursor},
          "history" = "history" || ${JSON.stringify(progress.entries)}::jsonb,
          "error" = COALESCE(${progress.error ?? null}, "error"),
          "updatedAt" = now(),
          "endedAt" = CASE WHEN ${ending} THEN now() ELSE NULL END
      WHERE "id" = ${progress.contactId}::uuid AND "endedAt" IS NULL`;
    if (!ending || updated === 0) return;
    await tx.$executeRaw`
      UPDATE "Run"
      SET "processed" = "processed" + 1,
          "status" = CASE WHEN "processed" + 1 >= "total" AND "status" = 'running' THEN 'done'::"RunStatus" ELSE "status" END,
          "endedAt" = CASE WHEN "processed" + 1 >= "total" AND "endedAt" IS NULL THEN now() ELSE "endedAt" END
      WHERE "id" = ${progress.runId}::uuid`;
  });
}
