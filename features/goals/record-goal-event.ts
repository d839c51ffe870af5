import { reachesGoal } from '../../core/journey/goal.js';
import { compileReplyRegex } from '../../core/regex-safety.js';
import { AppError } from '../../infra/app-error.js';
import { transactionSql, type Db } from '../../infra/db.js';
import { goalContacts, recordConversions } from './goal-contacts.js';

/** An event an integration posts for a phone: `phone` in E.164, `externalId` its own id, if any. */
export interface TGoalEventInput {
  phone: string;
  name: string;
  externalId?: string | undefined;
}

/** The stored event, how many contacts it converted, and whether it had been posted before. */
export interface TGoalEventResult {
  id: string;
  name: string;
  phone: string;
  receivedAt: Date;
  conversions: number;
  duplicate: boolean;
}

type TEventRow = Omit<TGoalEventResult, 'duplicate'> & { externalId: string | null };

/**
 * Stores an event an integration posted and converts the phone's contacts of the workspace
 * whose journey's goal is that event, within the goal's window from each contact's start.
 * With `externalId`, a retried post is recognised and answers the first one's outcome
 * without converting anyone again, even a contact launched since; a second post with that
 * id for another phone or event is refused. In one transaction: a retry that comes while
 * the first post is being stored waits for it.
 * @throws AppError conflict when `externalId` was used for another phone or event.
 */
export async function recordGoalEvent(db: Db, workspaceId: string, input: TGoalEventInput): Promise<TGoalEventResult> {
  return db.$transaction(async (tx) => {
    const [inserted] = await tx.$queryRaw<TEventRow[]>`
      INSERT INTO "GoalEvent" ("workspaceId", "externalId", "phone", "name")
      VALUES (${workspaceId}::uuid, ${input.externalId ?? null}, ${input.phone}, ${input.name})
      ON CONFLICT ("workspaceId", "externalId") DO NOTHING
      RETURNING "id"::text, "externalId", "phone", "name", "receivedAt", "conversions"`;
    if (!inserted) {
      const earlier = await tx.goalEvent.findUniqueOrThrow({
        where: { workspaceId_externalId: { workspaceId, externalId: input.externalId ?? '' } },
      });
      if (earlier.phone !== input.phone || earlier.name !== input.name) {
        throw new AppError(
          'conflict',
          `Event id "${input.externalId ?? ''}" was already used for another phone or event name: send a new id.`,
          { id: earlier.id, phone: earlier.phone, name: earlier.name },
        );
      }
      const { id, phone, name, receivedAt, conversions } = earlier;
      return { id, phone, name, receivedAt, conversions, duplicate: true };
    }
    const inTx = { sql: transactionSql(tx) };
    const candidates = await goalContacts(inTx, input.phone, [workspaceId], 'event');
    const atMs = inserted.receivedAt.getTime();
    const reached = candidates.filter((contact) =>
      reachesGoal(
        contact.goal,
        { kind: 'event', event: input.name },
        { startedAtMs: contact.startedAt.getTime(), atMs },
        compileReplyRegex,
      ),
    );
    const conversions = await recordConversions(inTx, reached, {
      source: 'event',
      sourceId: inserted.id,
      at: inserted.receivedAt,
    });
    if (conversions > 0) await tx.goalEvent.update({ where: { id: inserted.id }, data: { conversions } });
    const { id, phone, name, receivedAt } = inserted;
    return { id, phone, name, receivedAt, conversions, duplicate: false };
  });
}
