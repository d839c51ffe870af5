import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import type { TOutcomeRow } from './outcome.js';

const LOG_STATUSES = new Set(['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered']);

/**
 * Saves the sid Twilio gave the message and releases the send's lease. A status callback
 * may already have moved the row on (it can outrun this write): the status is only set
 * while it is still `sending`, never backwards.
 *
 * A sid already stored is never replaced: it is the proof the send went out, and the
 * status callbacks and the lookup of ambiguous answers find the row by it. A second,
 * different sid means a second message reached Twilio for one send (a duplicate the
 * lease and the lookup exist to prevent), so it is logged as an error and the first kept.
 */
export async function recordSent(
  deps: { db: Db; logger: Logger },
  logId: string,
  sid: string,
  twilioStatus: string,
  /** The number a Messaging Service picked, when Twilio answered it: replies come back to that number. */
  pickedFrom?: string | null,
): Promise<TOutcomeRow> {
  const status = twilioStatus === 'accepted' || !LOG_STATUSES.has(twilioStatus) ? 'queued' : twilioStatus;
  // Every SET reads the row as it was before this UPDATE, so `"twilioSid" IS NULL` below is
  // the stored sid before this write, under the row lock the UPDATE takes.
  const [sent] = await deps.db.sql.query<TOutcomeRow>`
    UPDATE "MessageLog"
    SET "twilioSid" = COALESCE("twilioSid", ${sid}),
        "sentAt" = COALESCE("sentAt", now()),
        "updatedAt" = now(),
        "leaseUntil" = NULL,
        "sender" = COALESCE(${pickedFrom ?? null}, "sender"),
        "errorCode" = CASE WHEN "twilioSid" IS NULL THEN NULL ELSE "errorCode" END,
        "error" = CASE WHEN "twilioSid" IS NULL THEN NULL ELSE "error" END,
        "status" = CASE WHEN ("twilioSid" IS NULL OR "twilioSid" = ${sid}) AND "status" IN ('pending', 'queued', 'sending')
                        THEN ${status}::"MessageStatus" ELSE "status" END
    WHERE "id" = ${logId}::uuid
    RETURNING "id", "status", "twilioSid", "errorCode", "error", "attempts"`;
  if (!sent) throw new Error(`MessageLog ${logId} vanished while sending`);
  if (sent.twilioSid !== sid) {
    deps.logger.error(
      { messageLogId: logId, keptSid: sent.twilioSid, refusedSid: sid },
      'a second Twilio message for one send: the first sid is kept; the recipient may have received it twice',
    );
  }
  return sent;
}
