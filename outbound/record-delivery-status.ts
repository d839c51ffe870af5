import type { Db } from '../infra/db.js';

/**
 * The statuses Twilio reports in status callbacks of outbound messages. `accepted` (a
 * Messaging Service took it) and `scheduled` (it holds it for its SendAt) are recorded as
 * `queued`; `canceled` ends a scheduled message that was withdrawn before its time.
 */
export const DELIVERY_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'undelivered',
  'canceled',
] as const;
export type TDeliveryStatus = (typeof DELIVERY_STATUSES)[number];
type TRecorded = Exclude<TDeliveryStatus, 'accepted' | 'scheduled'>;

export interface DeliveryStatusUpdate {
  messageSid: string;
  status: TDeliveryStatus;
  errorCode?: number;
  /** Our idempotency key, from the callback URL: finds a row whose sid was never saved. */
  key?: string;
}

/**
 * Moves a MessageLog row forward through queued, sending, sent, then delivered and read,
 * or to failed / undelivered / canceled. Never backwards: Twilio's callbacks can arrive out of order,
 * and a late `sent` must not undo `delivered`. Repeats change nothing. Returns whether a
 * row was found. The rank is compared in SQL, so concurrent callbacks cannot race.
 */
export async function recordDeliveryStatus(db: Db, update: DeliveryStatusUpdate): Promise<boolean> {
  const status: TRecorded = update.status === 'accepted' || update.status === 'scheduled' ? 'queued' : update.status;
  // A row found by its key had no sid: any error on it is from an ambiguous send (a 5xx, a
  // timeout) that this callback proves went out, so that error is cleared.
  const changed = await db.sql.execute`
    UPDATE "MessageLog"
    SET "status" = ${status}::"MessageStatus",
        "twilioSid" = COALESCE("twilioSid", ${update.messageSid}),
        "errorCode" = COALESCE(${update.errorCode ?? null}::int, CASE WHEN "twilioSid" IS NULL THEN NULL ELSE "errorCode" END),
        "error" = CASE WHEN "twilioSid" IS NULL THEN NULL ELSE "error" END,
        "updatedAt" = now()
    WHERE ("twilioSid" = ${update.messageSid} OR ("twilioSid" IS NULL AND "idempotencyKey" = ${update.key ?? null}))
      AND "status" <> 'suppressed'
      AND ${RANK[status]} > CASE "status"
        WHEN 'pending' THEN 0 WHEN 'queued' THEN 1 WHEN 'sending' THEN 2 WHEN 'sent' THEN 3
        WHEN 'failed' THEN 4 WHEN 'undelivered' THEN 4 WHEN 'canceled' THEN 4
        WHEN 'delivered' THEN 5 WHEN 'read' THEN 6 ELSE 0 END`;
  if (changed > 0) return true;
  // A repeat or a late callback (nothing to move): plain SQL too, as it is one per message
  // whenever Twilio's callbacks overtake each other.
  const [found] = await db.sql.query<{ exists: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM "MessageLog"
      WHERE "twilioSid" = ${update.messageSid} OR "idempotencyKey" = ${update.key ?? null}
    ) AS "exists"`;
  return found?.exists === true;
}

const RANK: Record<TRecorded, number> = {
  queued: 1,
  sending: 2,
  sent: 3,
  failed: 4,
  undelivered: 4,
  canceled: 4,
  delivered: 5,
  read: 6,
};
