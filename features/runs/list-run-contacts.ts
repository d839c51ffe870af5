import type { ContactState, Db } from '../../infra/db.js';
import { afterId, readPage } from '../../infra/pagination.js';
import type { TTemporalUi } from '../../infra/temporal-ui.js';
import { toContactView } from './contact-view.js';
import { requireRun } from './require-run.js';

export interface TRunContactQuery {
  limit: number;
  cursor?: string | undefined;
  state?: ContactState | undefined;
  /** The node contacts are at now. */
  node?: string | undefined;
  /** A prefix of the E.164 phone. */
  phone?: string | undefined;
}

/**
 * One page of a run's contacts by contact id, each with its workflow's Temporal UI link.
 * @throws AppError not_found for another workspace's run.
 */
export async function listRunContacts(
  deps: { db: Db; ui: TTemporalUi },
  workspaceId: string,
  id: string,
  query: TRunContactQuery,
) {
  const runId = await requireRun(deps.db, workspaceId, id);
  const { state, node, phone } = query;
  const page = await readPage(
    query.limit,
    (take) =>
      deps.db.contact.findMany({
        where: {
          runId,
          workspaceId,
          ...(state ? { state } : {}),
          ...(node ? { cursor: node } : {}),
          ...(phone ? { phone: { startsWith: phone } } : {}),
        },
        orderBy: { id: 'asc' },
        take,
        ...afterId(query.cursor),
      }),
    (last) => last.id,
  );
  return { ...page, items: page.items.map((row) => toContactView(row, deps.ui)) };
}
