import pLimit from 'p-limit';
import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { isTwilioRestException, type TwilioClient } from '../infra/twilio.js';

/** Scheduled sends withdrawn per sweep; the next sweep takes the rest. */
const PAGE = 200;
/** Cancel requests in flight at once: they are API calls, not messages, and take no send slot. */
const CONCURRENCY = 4;
/**
 * Twilio's answers that a message can no longer be canceled: it is being sent or was sent
 * (30409), or Twilio does not know it. Its status callbacks move the row on from `queued`.
 */
const NOT_CANCELABLE = new Set([30409, 20404]);

interface TWithdrawn {
  id: string;
  twilioSid: string;
  reason: string;
}

export interface TCancelDeps {
  db: Db;
  twilio: TwilioClient;
  logger: Logger;
  /**
   * Sids Twilio answered as not cancelable, skipped by later sweeps of this process: such a
   * message is leaving, and its callbacks will take its row out of the sweep's sight.
   */
  notCancelable: Set<string>;
}

/**
 * Cancels at Twilio the sends scheduled there (`SendAt`, a Messaging Service holding them
 * for quiet hours) that must no longer go out: their phone opted out of the workspace since,
 * or their contact, run or campaign was stopped. Postgres holds what was decided, so a sweep
 * finds them again until Twilio has agreed: a process that dies mid-way loses nothing, and
 * a STOP or a stop needs no step of its own. Each canceled row becomes `canceled`, with the
 * reason as its error. Returns how many it canceled.
 *
 * A message whose time comes before the sweep does is sent: Twilio's scheduler, not ours,
 * holds it then (the schedule is 15 minutes ahead at least, the sweep runs every few seconds).
 */
export async function cancelWithdrawnSchedules(deps: TCancelDeps): Promise<number> {
  const rows = await deps.db.sql.query<TWithdrawn>`
    SELECT m."id", m."twilioSid",
           CASE WHEN o."id" IS NOT NULL THEN 'the phone opted out (' || o."keyword" || ')'
                WHEN c."state" = 'stopped' THEN 'its contact was stopped'
                WHEN r."status" = 'stopped' THEN 'its run was stopped'
                ELSE 'its campaign was stopped' END AS "reason"
    FROM "MessageLog" m
    LEFT JOIN "OptOut" o ON o."workspaceId" = m."workspaceId" AND o."phone" = m."phone"
    LEFT JOIN "Contact" c ON c."id" = m."contactId"
    LEFT JOIN "Run" r ON r."id" = m."runId"
    LEFT JOIN "Campaign" k ON k."id" = m."campaignId"
    WHERE m."scheduledFor" IS NOT NULL AND m."status" = 'queued'
      AND m."scheduledFor" > now() AND m."twilioSid" IS NOT NULL
      AND NOT m."twilioSid" = ANY(${[...deps.notCancelable]}::text[])
      AND (o."id" IS NOT NULL OR c."state" = 'stopped' OR r."status" = 'stopped' OR k."status" = 'stopped')
    ORDER BY m."scheduledFor"
    LIMIT ${PAGE}`;
  const limit = pLimit(CONCURRENCY);
  const canceled = await Promise.all(rows.map((row) => limit(() => cancelOne(deps, row))));
  return canceled.filter(Boolean).length;
}

async function cancelOne(deps: TCancelDeps, row: TWithdrawn): Promise<boolean> {
  try {
    await deps.twilio.messages(row.twilioSid).update({ status: 'canceled' });
  } catch (error) {
    if (isTwilioRestException(error) && typeof error.code === 'number' && NOT_CANCELABLE.has(error.code)) {
      deps.notCancelable.add(row.twilioSid);
      deps.logger.info(
        { sid: row.twilioSid, code: error.code, reason: row.reason },
        'a withdrawn scheduled send could not be canceled: Twilio is sending it',
      );
      return false;
    }
    // Twilio unreachable, or a 5xx: the next sweep asks again.
    deps.logger.warn({ sid: row.twilioSid, err: error }, 'canceling a withdrawn scheduled send failed; retried');
    return false;
  }
  // Twilio's own `canceled` callback may have got here first: the reason is kept either way.
  await deps.db.sql.execute`
    UPDATE "MessageLog" SET "status" = 'canceled', "error" = ${row.reason}, "updatedAt" = now()
    WHERE "id" = ${row.id}::uuid AND "status" IN ('queued', 'canceled')`;
  deps.logger.info({ sid: row.twilioSid, reason: row.reason }, 'withdrawn scheduled send canceled at Twilio');
  return true;
}
