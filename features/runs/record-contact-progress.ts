import type { Db } from '../../infra/db.js';
import { HISTORY_RING_SIZE, type ContactProgress } from '../../workflows/contract/index.js';

const FINAL = new Set(['done', 'failed', 'stopped']);

/** The time of the first of `entries`, or null: a contact's start, when they are its first. */
export function firstAt(entries: ReadonlyArray<{ at?: string | undefined }>): string | null {
  return entries[0]?.at ?? null;
}

/** The distinct nodes `entries` visit, for the contact's `visited` set. */
export function visitsOf(entries: ReadonlyArray<{ kind: string; nodeId?: string | undefined }>): string[] {
  return [...new Set(entries.flatMap((entry) => (entry.kind === 'visit' && entry.nodeId ? [entry.nodeId] : [])))];
}

/**
 * Mirrors a contact's progress into Postgres for the runs API and dashboards (Temporal
 * stays the source of truth). One statement, so it is atomic on any connection: entries are
 * appended only while the contact has not ended, and a run counts a contact as processed
 * exactly once, when its row first ends; the last contact to end finishes the run. Called
 * by the contact's own local activity, with a send it queues, and by the message worker
 * when the contact ends right after a send. The history keeps its latest HISTORY_RING_SIZE
 * entries, trimmed in the same statement, and counts the ones it drops; `startedAt` and the
 * `visited` set keep what the trimmed steps would have told.
 *
 * `reported`: the idempotency key of a send whose outcome this write tells, for a contact
 * that handed the send off and has nobody else to tell. Its MessageLog row is marked told
 * (`reportedAt`) in the same statement: the end and the mark land together or not at all,
 * and the message worker spares a round trip per message.
 */
export async function recordContactProgress(
  db: Pick<Db, 'sql'>,
  progress: ContactProgress,
  options: { reported?: string } = {},
): Promise<void> {
  const ending = FINAL.has(progress.state);
  const keep = JSON.stringify({ keep: HISTORY_RING_SIZE });
  const reported = options.reported ?? null;
  await db.sql.execute`
    WITH reported AS (
      UPDATE "MessageLog" SET "reportedAt" = now()
      WHERE ${reported}::text IS NOT NULL AND "idempotencyKey" = ${reported}::text AND "reportedAt" IS NULL
    ),
    contact AS (
      UPDATE "Contact"
      SET "state" = ${progress.state}::"ContactState",
          "cursor" = ${progress.cursor},
          "history" = jsonb_path_query_array("history" || ${JSON.stringify(progress.entries)}::jsonb, '$[last - $keep + 1 to last]', ${keep}::jsonb),
          "historyDropped" = "historyDropped" + GREATEST(0, jsonb_array_length("history") + ${progress.entries.length}::int - ${HISTORY_RING_SIZE}::int),
          "startedAt" = COALESCE("startedAt", ${firstAt(progress.entries)}::timestamptz),
          "visited" = ARRAY(SELECT DISTINCT node FROM unnest("visited" || ${visitsOf(progress.entries)}::text[]) AS node ORDER BY node),
          "error" = COALESCE(${progress.error ?? null}, "error"),
          "updatedAt" = now(),
          "endedAt" = CASE WHEN ${ending} THEN now() ELSE NULL END
      WHERE "id" = ${progress.contactId}::uuid AND "endedAt" IS NULL
      RETURNING "runId"
    )
    UPDATE "Run"
    SET "processed" = "processed" + 1,
        "status" = CASE WHEN "processed" + 1 >= "total" AND "status" = 'running' THEN 'done'::"RunStatus" ELSE "status" END,
        "endedAt" = CASE WHEN "processed" + 1 >= "total" AND "endedAt" IS NULL THEN now() ELSE "endedAt" END
    WHERE ${ending} AND "id" IN (SELECT "runId" FROM contact)`;
}
