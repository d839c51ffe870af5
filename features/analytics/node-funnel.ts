import type { Db } from '../../infra/db.js';

/** Per node of a run: contacts that visited it and converted ones, and its messages' outcomes. */
export interface TNodeFunnelCounts {
  entered: number;
  converted: number;
  sent: number;
  delivered: number;
  failed: number;
}

const ZERO: TNodeFunnelCounts = { entered: 0, converted: 0, sent: 0, delivered: 0, failed: 0 };

/**
 * The run's funnel by node, aggregated in Postgres: `entered` and `converted` from each
 * contact's visited set (every node it visited, kept beside its history ring) and its
 * conversion; `sent` (Twilio took it: `sentAt` is set), `delivered` (delivered or read) and
 * `failed` (failed or undelivered, before or after Twilio took it) from the run's
 * MessageLog rows by node. A message counts once however often it was retried.
 */
export async function nodeFunnel(db: Pick<Db, 'sql'>, runId: string): Promise<Map<string, TNodeFunnelCounts>> {
  const [visits, messages] = await Promise.all([
    db.sql.query<{ node: string; entered: number; converted: number }>`
      SELECT node, count(*)::int AS entered, count(cv."contactId")::int AS converted
      FROM "Contact" c
      CROSS JOIN LATERAL unnest(c."visited") AS node
      LEFT JOIN "Conversion" cv ON cv."runId" = c."runId" AND cv."contactId" = c."id"
      WHERE c."runId" = ${runId}::uuid
      GROUP BY node`,
    db.sql.query<{ node: string; sent: number; delivered: number; failed: number }>`
      SELECT "nodeId" AS node,
             count(*) FILTER (WHERE "sentAt" IS NOT NULL AND "status" <> 'canceled')::int AS sent,
             count(*) FILTER (WHERE "status" IN ('delivered', 'read'))::int AS delivered,
             count(*) FILTER (WHERE "status" IN ('failed', 'undelivered'))::int AS failed
      FROM "MessageLog"
      WHERE "runId" = ${runId}::uuid AND "nodeId" IS NOT NULL
      GROUP BY "nodeId"`,
  ]);
  const byNode = new Map<string, TNodeFunnelCounts>();
  const of = (node: string) => byNode.get(node) ?? { ...ZERO };
  for (const row of visits) byNode.set(row.node, { ...of(row.node), entered: row.entered, converted: row.converted });
  for (const row of messages)
    byNode.set(row.node, { ...of(row.node), sent: row.sent, delivered: row.delivered, failed: row.failed });
  return byNode;
}

/** The counts of a node no contact reached. */
export function emptyFunnel(): TNodeFunnelCounts {
  return { ...ZERO };
}
