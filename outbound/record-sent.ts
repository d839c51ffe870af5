import type { Db } from '../infra/db.js';
import type { TOutcomeRow } from './outcome.js';

const LOG_STATUSES = new Set(['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered']);

/**
 * Saves the sid Twilio gave the message. A status callback may already have moved the
 * row on (it can outrun this write): the status is only set while it is still
 * `sending`, never backwards.
 */
export async function recordSent(db: Db, logId: string, sid: string, twilioStatus: string): Promise<TOutcomeRow> {
  const status = twilioStatus === 'accepted' || !LOG_STATUSES.has(twilioStatus) ? 'queued' : twilioStatus;
  const [sent] = await db.sql.query<TOutcomeRow>`
    UPDATE "MessageLog"
    SET "twilioSid" = ${sid}, "sentAt" = COALESCE("sentAt", now()), "updatedAt" = now(), "errorCode" = NULL, "error" = NULL,
        "status" = CASE WHEN "status" IN ('pending', 'queued', 'sending') THEN ${status}::"MessageStatus" ELSE "status" END
    WHERE "id" = ${logId}::uuid
    RETURNING "id", "status", "twilioSid", "errorCode", "error", "attempts"`;
  if (!sent) throw new Error(`MessageLog ${logId} vanished while sending`);
  return sent;
}
