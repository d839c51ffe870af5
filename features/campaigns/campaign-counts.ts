import type { Db } from '../../infra/db.js';

export interface TCampaignCounts {
  /** Messages Twilio accepted (whatever happened to them after). */
  sent: number;
  delivered: number;
  /** Refused by Twilio, or undelivered by the carrier. */
  failed: number;
  /** Held back: opted out, stopped, or skipped by the frequency cap. */
  suppressed: number;
  /** Recorded but not yet answered by Twilio. */
  pending: number;
}

/**
 * A campaign's counts, derived from its message logs in one grouped query (indexed by
 * campaignId), so they are right whatever was retried or re-delivered.
 */
export async function campaignCounts(db: Db, campaignId: string): Promise<TCampaignCounts> {
  return (await campaignCountsMany(db, [campaignId])).get(campaignId) ?? ZERO;
}

const ZERO: TCampaignCounts = { sent: 0, delivered: 0, failed: 0, suppressed: 0, pending: 0 };

/**
 * Live counts of several campaigns (a page of the list) in one grouped query: delivery
 * receipts keep arriving after a campaign has finished, so its stored snapshot goes stale.
 */
export async function campaignCountsMany(
  db: Db,
  campaignIds: readonly string[],
): Promise<Map<string, TCampaignCounts>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<Record<keyof TCampaignCounts, bigint> & { campaignId: string }>>`
    SELECT
      "campaignId",
      count(*) FILTER (WHERE "twilioSid" IS NOT NULL AND "status" <> 'canceled') AS sent,
      count(*) FILTER (WHERE "status" IN ('delivered', 'read')) AS delivered,
      count(*) FILTER (WHERE "status" IN ('failed', 'undelivered')) AS failed,
      count(*) FILTER (WHERE "status" IN ('suppressed', 'skipped', 'canceled')) AS suppressed,
      count(*) FILTER (WHERE "status" IN ('pending', 'queued', 'sending', 'deferred') AND "twilioSid" IS NULL) AS pending
    FROM "MessageLog" WHERE "campaignId" = ANY(${[...campaignIds]}::uuid[])
    GROUP BY "campaignId"`;
  return new Map(
    rows.map((row) => [
      row.campaignId,
      {
        sent: Number(row.sent),
        delivered: Number(row.delivered),
        failed: Number(row.failed),
        suppressed: Number(row.suppressed),
        pending: Number(row.pending),
      },
    ]),
  );
}
