import { TIMEOUT_HANDLE } from '../../core/journey/constants.js';
import type { Db } from '../../infra/db.js';

/** Replies at one wait-for-reply node: how many contacts replied, and how long after the send before. */
export interface TWaitReplies {
  replied: number;
  /** Seconds from the latest message sent to the contact before its reply to the reply; null without any. */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * Who replied at each wait-for-reply node, from the contacts' histories, in Postgres.
 *
 * A contact replied at node W when its history has a reply received while it waited at W (a
 * `reply` step at W), or a reply took one of W's reply branches or `noMatch` (a `branch` step
 * from W other than `timeout`): that covers a reply that came just before the contact
 * reached W and was kept for it. A contact counts once per node however often it replied
 * there; its reply is the first of these. Its time to reply runs from the latest message
 * Twilio took for it (MessageLog `sentAt`) before the reply. Median and p90 interpolate
 * (`percentile_cont`). A history keeps a contact's latest 200 steps: older replies of a
 * contact with a longer path are not seen.
 */
export async function waitReplies(
  db: Pick<Db, 'sql'>,
  runId: string,
  waitNodes: readonly string[],
): Promise<Map<string, TWaitReplies>> {
  if (waitNodes.length === 0) return new Map();
  const rows = await db.sql.query<{ node: string; replied: number; median: number | null; p90: number | null }>`
    WITH steps AS (
      SELECT c."id" AS contact, s.ord, s.e->>'kind' AS kind, s.e->>'nodeId' AS node, s.e->>'detail' AS detail,
             (s.e->>'at')::timestamptz AS at
      FROM "Contact" c
      CROSS JOIN LATERAL jsonb_array_elements(c."history") WITH ORDINALITY AS s(e, ord)
      WHERE c."runId" = ${runId}::uuid AND c."visited" && ${[...waitNodes]}::text[]
        AND s.e->>'kind' IN ('reply', 'branch')
    ),
    ordered AS (
      SELECT *, max(at) FILTER (WHERE kind = 'reply')
                  OVER (PARTITION BY contact ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reply_before
      FROM steps
    ),
    answered AS (
      SELECT contact, node, min(CASE WHEN kind = 'reply' THEN at ELSE reply_before END) AS at
      FROM ordered
      WHERE node = ANY(${[...waitNodes]}::text[])
        AND (kind = 'reply' OR (kind = 'branch' AND detail <> ${TIMEOUT_HANDLE}))
      GROUP BY contact, node
    ),
    events AS (
      SELECT contact, node, at, 1 AS is_reply FROM answered
      UNION ALL
      SELECT m."contactId", NULL, m."sentAt", 0 FROM "MessageLog" m
      WHERE m."runId" = ${runId}::uuid AND m."sentAt" IS NOT NULL AND m."status" <> 'canceled'
        AND m."contactId" IN (SELECT contact FROM answered)
    ),
    timed AS (
      SELECT node, is_reply,
             extract(epoch FROM at - max(at) FILTER (WHERE is_reply = 0)
               OVER (PARTITION BY contact ORDER BY at, is_reply ROWS UNBOUNDED PRECEDING)) AS seconds
      FROM events
    )
    SELECT node, count(*)::int AS replied,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90
    FROM timed WHERE is_reply = 1
    GROUP BY node`;
  return new Map(
    rows.map((row) => [
      row.node,
      {
        replied: row.replied,
        medianSeconds: row.median === null ? null : Number(row.median),
        p90Seconds: row.p90 === null ? null : Number(row.p90),
      },
    ]),
  );
}
