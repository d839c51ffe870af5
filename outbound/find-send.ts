import type { TPoolSender } from '../core/senders/sender-rate.js';
import type { Db } from '../infra/db.js';
import type { MessageLog } from '../prisma/generated/client.js';

/** A send's row with what the message worker decides by, read together. */
export type TSendRow = MessageLog & {
  runStatus: string | null;
  contactState: string | null;
  campaignStatus: string | null;
  /** The workspace's senders on the send's channel (empty: the deployment's default sender). */
  senderPool: TPoolSender[];
  /** The sender this phone was first messaged from by the workspace on this channel, if any. */
  stickySender: string | null;
  /** The phone is on the workspace's opt-out list. */
  optedOut: boolean;
  /** How long another attempt still holds the send's lease, in ms (on Postgres's clock); null when none does. */
  leaseLeftMs: number | null;
};

/**
 * The send's MessageLog row, whether its run, contact or campaign was stopped, the
 * workspace's sender pool, the phone's sticky sender and whether the phone opted out: one query, where Prisma's includes
 * and a count cost the message worker six round trips to Postgres for every message.
 */
export async function findSend(db: Db, idempotencyKey: string): Promise<TSendRow | undefined> {
  const [row] = await db.sql.query<TSendRow>`
    SELECT m.*,
           r."status"::text AS "runStatus",
           c."state"::text AS "contactState",
           cp."status"::text AS "campaignStatus",
           COALESCE((SELECT json_agg(json_build_object('address', s."address", 'channel', s."channel",
                                                       'kind', s."kind", 'ratePerSec', s."ratePerSec"))
                     FROM "WorkspaceSender" s
                     WHERE s."workspaceId" = m."workspaceId" AND s."channel" = m."channel"), '[]'::json) AS "senderPool",
           (SELECT k."address" FROM "StickySender" k
             WHERE k."workspaceId" = m."workspaceId" AND k."phone" = m."phone" AND k."channel" = m."channel") AS "stickySender",
           EXISTS (SELECT 1 FROM "OptOut" o WHERE o."workspaceId" = m."workspaceId" AND o."phone" = m."phone") AS "optedOut",
           CASE WHEN m."leaseUntil" > now()
                THEN CEIL(EXTRACT(EPOCH FROM (m."leaseUntil" - now())) * 1000)::int END AS "leaseLeftMs"
    FROM "MessageLog" m
    LEFT JOIN "Run" r ON r."id" = m."runId"
    LEFT JOIN "Contact" c ON c."id" = m."contactId"
    LEFT JOIN "Campaign" cp ON cp."id" = m."campaignId"
    WHERE m."idempotencyKey" = ${idempotencyKey}`;
  return row;
}
