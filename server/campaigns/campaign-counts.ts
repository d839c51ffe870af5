import type { Db } from '../db.js';

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
  const [row] = await db.$queryRaw<Array<Record<keyof TCampaignCounts, bigint>>>`
    SELECT
      count(*) FILTER (WHERE "twilioSid" IS NOT NULL) AS sent,
      count(*) FILTER (WHERE "status" IN ('delivered', 'read')) AS delivered,
      count(*) FILTER (WHERE "status" IN ('failed', 'undelivered')) AS failed,
      count(*) FILTER (WHERE "status" IN ('suppressed', 'skipped')) AS suppressed,
      count(*) FILTER (WHERE "status" IN ('pending', 'queued', 'sending') AND "twilioSid" IS NULL) AS pending
    FROM "MessageLog" WHERE "campaignId" = ${campaignId}::uuid`;
  return {
    sent: Number(row?.sent ?? 0),
    delivered: Number(row?.delivered ?? 0),
    failed: Number(row?.failed ?? 0),
    suppressed: Number(row?.suppressed ?? 0),
    pending: Number(row?.pending ?? 0),
  };
}
