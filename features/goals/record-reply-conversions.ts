import { reachesGoal } from '../../core/journey/goal.js';
import { compileReplyRegex } from '../../core/regex-safety.js';
import type { Db } from '../../infra/db.js';
import { goalContacts, recordConversions } from './goal-contacts.js';

/** A stored reply as the goal sees it. */
export interface TGoalReply {
  messageSid: string;
  from: string;
  body?: string | undefined;
  payload?: string | undefined;
  receivedAt: Date;
}

/**
 * Converts the contacts of the reply's phone, within `workspaceIds` (those the reply belongs
 * to), whose journey's goal is a reply rule this reply matches, received within the goal's
 * window from the contact's start. Idempotent: a contact converts once, so the reply outbox
 * may run it again. Returns how many contacts converted.
 */
export async function recordReplyConversions(
  db: Pick<Db, 'sql'>,
  reply: TGoalReply,
  workspaceIds: readonly string[],
): Promise<number> {
  const candidates = await goalContacts(db, reply.from, workspaceIds, 'reply');
  const atMs = reply.receivedAt.getTime();
  const converted = candidates.filter((contact) =>
    reachesGoal(
      contact.goal,
      { kind: 'reply', reply: { text: reply.body, payload: reply.payload } },
      { startedAtMs: contact.startedAt.getTime(), atMs },
      compileReplyRegex,
    ),
  );
  return recordConversions(db, converted, { source: 'reply', sourceId: reply.messageSid, at: reply.receivedAt });
}
