import { DEFAULT_WEIGHT } from '../../core/fair-share.js';
import type { Db } from '../../infra/db.js';
import type { AdmittedSends } from '../../outbound/admitted-sends.js';

export interface ReadSendQueueDeps {
  db: Db;
  /** Unset (no Redis at hand): admitted rates read 0. */
  admitted?: Pick<AdmittedSends, 'rates'> | undefined;
  weights?: Readonly<Record<string, number>>;
}

/** One workspace's share of the send queue, as operators and the workspace's users see it. */
export interface TWorkspaceSendQueue {
  workspaceId: string;
  /** Its operator-set weight in the fair share (1 unless set). */
  weight: number;
  /** Sends queued and not yet sent (waiting, being retried, or being sent right now). */
  depth: number;
  /** How long the send that has waited longest has waited since it was queued; 0 with none. */
  oldestWaitSeconds: number;
  /** Its sends that left per second, over the last 10 seconds. */
  admittedPerSecond: number;
}

/**
 * The send queue per workspace (or for one): depth and oldest wait from the MessageLog
 * rows not yet sent (the unfinished-rows index serves it, however large the table), the
 * admitted rate from the workers' counts. A workspace that only sent shows with depth 0.
 */
export async function readSendQueue(deps: ReadSendQueueDeps, workspaceId?: string): Promise<TWorkspaceSendQueue[]> {
  const [rows, rates] = await Promise.all([
    deps.db.sql.query<{ workspaceId: string; depth: number; oldestWaitSeconds: number }>`
      SELECT "workspaceId", count(*)::int AS "depth",
             GREATEST(0, EXTRACT(EPOCH FROM now() - min("queuedAt")))::float8 AS "oldestWaitSeconds"
      FROM "MessageLog"
      WHERE "status" IN ('pending', 'queued', 'sending') AND "twilioSid" IS NULL
        AND (${workspaceId ?? null}::uuid IS NULL OR "workspaceId" = ${workspaceId ?? null}::uuid)
      GROUP BY "workspaceId"`,
    deps.admitted?.rates() ?? Promise.resolve(new Map<string, number>()),
  ]);
  const byWorkspace = new Map<string, TWorkspaceSendQueue>();
  const entry = (id: string) =>
    byWorkspace.get(id) ??
    byWorkspace
      .set(id, {
        workspaceId: id,
        weight: deps.weights?.[id] ?? DEFAULT_WEIGHT,
        depth: 0,
        oldestWaitSeconds: 0,
        admittedPerSecond: 0,
      })
      .get(id)!;
  for (const row of rows)
    Object.assign(entry(row.workspaceId), { depth: row.depth, oldestWaitSeconds: row.oldestWaitSeconds });
  for (const [id, rate] of rates) if (!workspaceId || id === workspaceId) entry(id).admittedPerSecond = rate;
  if (workspaceId) entry(workspaceId);
  return [...byWorkspace.values()].sort((a, b) => a.workspaceId.localeCompare(b.workspaceId));
}
