import type { Db } from '../../infra/db.js';
import { MESSAGE_FIELDS } from '../messages/message-fields.js';

/** Messages one contact page shows at most: a journey with loops could send without bound. */
export const MAX_CONTACT_MESSAGES = 500;

/**
 * A contact of one of the workspace's runs with its outbound messages, oldest first (the
 * latest MAX_CONTACT_MESSAGES), or undefined: another workspace's contact, or another
 * run's, looks missing.
 */
export async function getRunContact(db: Db, workspaceId: string, runId: string, contactId: string) {
  const contact = await db.contact.findFirst({ where: { id: contactId, runId, workspaceId } });
  if (!contact) return undefined;
  const newestFirst = await db.messageLog.findMany({
    where: { contactId, workspaceId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAX_CONTACT_MESSAGES,
    select: MESSAGE_FIELDS,
  });
  return { contact, messages: newestFirst.reverse() };
}
