import type { Db } from '../../infra/db.js';
import { afterId, readPage } from '../../infra/pagination.js';
import { campaignCountsMany } from './campaign-counts.js';
import { toCampaignView } from './campaign-view.js';

/**
 * One page of the workspace's campaigns, newest first, with live counts as on the detail:
 * the row's own stop at the campaign's last progress snapshot.
 */
export async function listCampaigns(db: Db, workspaceId: string, page: { limit: number; cursor?: string | undefined }) {
  const { items, nextCursor } = await readPage(
    page.limit,
    (take) =>
      db.campaign.findMany({
        where: { workspaceId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        ...afterId(page.cursor),
      }),
    (last) => last.id,
  );
  const counts = await campaignCountsMany(
    db,
    items.map((row) => row.id),
  );
  return { items: items.map((row) => ({ ...toCampaignView(row), ...counts.get(row.id) })), nextCursor };
}
