import type { TJourneyGoal } from '../../core/journey/goal.js';
import type { Db } from '../../infra/db.js';

/** A contact of a phone whose run's journey has a goal, and has not converted yet. */
export interface TGoalContact {
  contactId: string;
  runId: string;
  workspaceId: string;
  startedAt: Date;
  goal: TJourneyGoal;
}

/**
 * The contacts of `phone` within `workspaceIds` that have started, have not converted, and
 * whose run's frozen journey version has a goal of `kind`. Ended contacts are included: a
 * goal's window runs from the contact's start, whatever its journey does meanwhile. Whether
 * the outcome reaches each one's goal in time is reachesGoal's to say.
 */
export function goalContacts(
  db: Pick<Db, 'sql'>,
  phone: string,
  workspaceIds: readonly string[],
  kind: TJourneyGoal['kind'],
): Promise<TGoalContact[]> {
  if (workspaceIds.length === 0) return Promise.resolve([]);
  // The version's goal passed ZJourneyGoal when it was launched: the JSON is one.
  return db.sql.query<TGoalContact>`
    SELECT c."id" AS "contactId", c."runId", c."workspaceId", c."startedAt", v."goal"
    FROM "Contact" c
    JOIN "Run" r ON r."id" = c."runId"
    JOIN "JourneyVersion" v ON v."id" = r."journeyVersionId"
    WHERE c."phone" = ${phone} AND c."workspaceId" = ANY(${[...workspaceIds]}::uuid[])
      AND c."startedAt" IS NOT NULL AND v."goal"->>'kind' = ${kind}
      AND NOT EXISTS (SELECT 1 FROM "Conversion" cv WHERE cv."contactId" = c."id")`;
}

/** What converted the contacts: a reply (its MessageSid) or an event (its GoalEvent id), and when. */
export interface TConversionSource {
  source: 'reply' | 'event';
  sourceId: string;
  at: Date;
}

/**
 * Records the contacts' conversions in one statement. A contact already converted (by an
 * earlier reply or event, or by this one on a retry) is left as it was. Returns how many
 * contacts converted now.
 */
export async function recordConversions(
  db: Pick<Db, 'sql'>,
  contacts: ReadonlyArray<Pick<TGoalContact, 'contactId' | 'runId' | 'workspaceId'>>,
  from: TConversionSource,
): Promise<number> {
  if (contacts.length === 0) return 0;
  return db.sql.execute`
    INSERT INTO "Conversion" ("runId", "contactId", "workspaceId", "source", "sourceId", "convertedAt")
    SELECT t."runId", t."contactId", t."workspaceId", ${from.source}::"ConversionSource", ${from.sourceId}, ${from.at}::timestamptz
    FROM unnest(${contacts.map((c) => c.runId)}::uuid[], ${contacts.map((c) => c.contactId)}::uuid[],
                ${contacts.map((c) => c.workspaceId)}::uuid[]) AS t("runId", "contactId", "workspaceId")
    ON CONFLICT DO NOTHING`;
}
