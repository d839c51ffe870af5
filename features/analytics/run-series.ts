import type { Db } from '../../infra/db.js';
import { chooseBucket } from './series-bucket.js';

/** One bucket of the run's chart: messages Twilio took and replies received, from `start`. */
export interface TSeriesPoint {
  start: Date;
  sent: number;
  replies: number;
}

/**
 * Sends (MessageLog `sentAt`) and replies (the `reply` steps of the contacts' histories) of
 * the run per time bucket, from `fromMs` to `toMs` (the run's start and its end or now), the
 * bucket size chosen by chooseBucket. Every bucket is answered, empty ones with zeros; a time
 * outside the span (clocks of two machines) counts in the nearest bucket.
 */
export async function runSeries(
  db: Pick<Db, 'sql'>,
  runId: string,
  span: { fromMs: number; toMs: number },
): Promise<{ bucketSeconds: number; points: TSeriesPoint[] }> {
  const { sizeMs, count } = chooseBucket(span.toMs - span.fromMs);
  const origin = new Date(span.fromMs);
  const rows = await db.sql.query<{ bucket: number; sent: number; replies: number }>`
    WITH events AS (
      SELECT "sentAt" AS at, 1 AS sent, 0 AS replies FROM "MessageLog"
      WHERE "runId" = ${runId}::uuid AND "sentAt" IS NOT NULL AND "status" <> 'canceled'
      UNION ALL
      SELECT (s.e->>'at')::timestamptz, 0, 1
      FROM "Contact" c CROSS JOIN LATERAL jsonb_array_elements(c."history") AS s(e)
      WHERE c."runId" = ${runId}::uuid AND c."history" @> '[{"kind": "reply"}]'::jsonb AND s.e->>'kind' = 'reply'
    )
    SELECT LEAST(GREATEST(floor(extract(epoch FROM at - ${origin}::timestamptz) * 1000 / ${sizeMs}), 0), ${count - 1})::int AS bucket,
           sum(sent)::int AS sent, sum(replies)::int AS replies
    FROM events
    GROUP BY 1`;
  const points: TSeriesPoint[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(span.fromMs + i * sizeMs),
    sent: 0,
    replies: 0,
  }));
  for (const row of rows) {
    const point = points[row.bucket];
    if (point) Object.assign(point, { sent: row.sent, replies: row.replies });
  }
  return { bucketSeconds: sizeMs / 1000, points };
}
