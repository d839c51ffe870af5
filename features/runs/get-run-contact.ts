import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import type { TTemporalUi } from '../../infra/temporal-ui.js';
import { MESSAGE_FIELDS } from '../messages/message-fields.js';
import { toContactView } from './contact-view.js';
import { pageHistory, type THistoryPageQuery } from './page-history.js';
import { requireRun } from './require-run.js';

/** Messages one contact page shows at most: a journey with loops could send without bound. */
const MAX_CONTACT_MESSAGES = 500;

const NO_SUCH_CONTACT = 'No such contact in this run.';

/**
 * A contact of one of the workspace's runs with its Temporal UI link, one page of its
 * history (the latest unless `page` asks for older), and its outbound messages, oldest
 * first (the latest MAX_CONTACT_MESSAGES).
 * @throws AppError not_found for another workspace's run, or a contact of another run.
 * @throws AppError invalid_input for a history cursor past the end of the contact's path.
 */
export async function getRunContact(
  deps: { db: Db; ui: TTemporalUi },
  workspaceId: string,
  id: string,
  contactId: string,
  page: THistoryPageQuery,
) {
  const { db } = deps;
  const runId = await requireRun(db, workspaceId, id);
  const contact = await db.contact.findFirst({
    where: { id: ownedId(contactId, NO_SUCH_CONTACT), runId, workspaceId },
  });
  if (!contact) throw new AppError('not_found', NO_SUCH_CONTACT);
  const view = toContactView(contact, deps.ui);
  const history = pageHistory(view.history, view.historyDropped, page);
  const newestFirst = await db.messageLog.findMany({
    where: { contactId: contact.id, workspaceId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAX_CONTACT_MESSAGES,
    select: MESSAGE_FIELDS,
  });
  return { ...view, ...history, messages: newestFirst.reverse() };
}
