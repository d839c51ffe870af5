import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { workflowListUrl, type TTemporalUi } from '../../infra/temporal-ui.js';
import { campaignCounts } from './campaign-counts.js';
import { toCampaignView } from './campaign-view.js';

/** The 404 of every campaign route: another workspace's campaign looks exactly like a missing one. */
export const NO_SUCH_CAMPAIGN = 'No such campaign.';

/**
 * A campaign of the workspace with live counts from its message logs (the row's own are its
 * last progress snapshot) and its workflow in Temporal UI.
 * @throws AppError not_found for another workspace's campaign.
 */
export async function getCampaign(deps: { db: Db; ui: TTemporalUi }, workspaceId: string, id: string) {
  const campaign = await deps.db.campaign.findFirst({ where: { id: ownedId(id, NO_SUCH_CAMPAIGN), workspaceId } });
  if (!campaign) throw new AppError('not_found', NO_SUCH_CAMPAIGN);
  const counts = await campaignCounts(deps.db, campaign.id);
  return {
    ...toCampaignView(campaign),
    ...counts,
    temporalUiUrl: workflowListUrl(deps.ui, `CampaignId="${campaign.id}"`),
  };
}
