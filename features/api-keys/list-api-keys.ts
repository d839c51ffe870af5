import type { Db } from '../../infra/db.js';
import { API_KEY_VIEW_SELECT, toApiKeyView, type TApiKeyView } from './api-key-view.js';

/** The workspace's keys, newest first. A workspace has a handful, so there is no paging. */
export async function listApiKeys(db: Db, workspaceId: string): Promise<TApiKeyView[]> {
  const rows = await db.apiKey.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: API_KEY_VIEW_SELECT,
  });
  return rows.map(toApiKeyView);
}
