import type { TChannel } from '../../core/journey/constants.js';
import type { Db } from '../../infra/db.js';

/**
 * How long after a workspace last wrote to a phone from a number it does not own (the
 * deployment's shared default sender) a reply from that phone to that number still reaches
 * it. WhatsApp's customer-care window: past it, a business may no longer answer with free
 * text anyway, and the shorter the window, the fewer workspaces share an ambiguous reply.
 * SMS follows the same rule, so both channels route alike. A journey that waits longer for
 * replies needs a number of its own, where every reply reaches its owner.
 */
export const SHARED_SENDER_REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A message from a phone (`from`, E.164) to one of our numbers (`to`, as Twilio writes it). */
export interface TReplyAddress {
  from: string;
  to: string;
  channel: TChannel;
}

/** The workspaces a reply belongs to: `all` for a consent keyword, `recent` for a reply. */
export interface TReplyScope {
  all: string[];
  recent: string[];
}

/**
 * The workspaces a reply or keyword belongs to. A number a workspace owns (WorkspaceSender)
 * is its alone. Any other number (the deployment's shared default sender) belongs, for this
 * phone and channel, to the workspaces that sent to the phone from it, journey or campaign
 * alike: `recent` those that did since `since` (the reply window), `all` those that ever did
 * (consent: a STOP must reach every workspace that wrote from that number, or is about to).
 * A send not attempted yet, or from before MessageLog kept its sender, counts as from the
 * default sender when its workspace has no number on the channel. One query for both, as
 * every reply that is also a keyword (YES) needs both.
 */
export async function replyWorkspaces(db: Db, reply: TReplyAddress, since: Date): Promise<TReplyScope> {
  const rows = await db.sql.query<{ workspaceId: string; recent: boolean }>`
    WITH owner AS (SELECT DISTINCT "workspaceId" FROM "WorkspaceSender" WHERE "address" = ${reply.to})
    SELECT "workspaceId", true AS "recent" FROM owner
    UNION ALL
    SELECT m."workspaceId", COALESCE(bool_or(GREATEST(m."lastAttemptAt", m."sentAt") >= ${since}::timestamptz), false) AS "recent"
    FROM "MessageLog" m
    WHERE NOT EXISTS (SELECT 1 FROM owner)
      AND m."phone" = ${reply.from} AND m."channel" = ${reply.channel}::"Channel"
      AND (m."sender" = ${reply.to}
           OR (m."sender" IS NULL AND NOT EXISTS (
                 SELECT 1 FROM "WorkspaceSender" s
                 WHERE s."workspaceId" = m."workspaceId" AND s."channel" = ${reply.channel}::"Channel")))
    GROUP BY m."workspaceId"`;
  return {
    all: rows.map((row) => row.workspaceId),
    recent: rows.flatMap((row) => (row.recent ? [row.workspaceId] : [])),
  };
}

/**
 * The running contacts of `phone` within `workspaceIds`. With `channel`, only those whose
 * journey has written to the phone on that channel: an SMS reply does not move a WhatsApp
 * journey, nor the other way round.
 */
export function runningContacts(
  db: Db,
  phone: string,
  workspaceIds: readonly string[],
  channel?: TChannel,
): Promise<Array<{ id: string; runId: string }>> {
  if (workspaceIds.length === 0) return Promise.resolve([]);
  return db.sql.query`
    SELECT c."id", c."runId" FROM "Contact" c
    WHERE c."phone" = ${phone} AND c."endedAt" IS NULL AND c."state" <> 'queued'
      AND c."workspaceId" = ANY(${[...workspaceIds]}::uuid[])
      AND (${channel ?? null}::"Channel" IS NULL OR EXISTS (
        SELECT 1 FROM "MessageLog" m
        WHERE m."workspaceId" = c."workspaceId" AND m."phone" = c."phone" AND m."contactId" = c."id"
          AND m."channel" = ${channel ?? null}::"Channel"))`;
}
