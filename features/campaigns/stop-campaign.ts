import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { campaignWorkflowId, stopCampaignSignal } from '../../workflows/contract/index.js';
import { NO_SUCH_CAMPAIGN } from './get-campaign.js';

/**
 * Stops a campaign: marks it stopped (the message worker then holds back its queued sends
 * and no further batch is read), then tells the workflow. Idempotent; a campaign that
 * already finished stays as it ended.
 * @throws AppError not_found when the campaign is not the caller's.
 */
export async function stopCampaign(
  deps: { db: Db; temporal: Client },
  workspaceId: string,
  id: string,
  reason: string,
): Promise<void> {
  const campaignId = ownedId(id, NO_SUCH_CAMPAIGN);
  const campaign = await deps.db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { id: true } });
  if (!campaign) throw new AppError('not_found', NO_SUCH_CAMPAIGN);
  await deps.db.campaign.updateMany({
    where: { id: campaignId, status: { in: ['draft', 'queued', 'running'] } },
    data: { status: 'stopped', error: reason },
  });
  try {
    await deps.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).signal(stopCampaignSignal, { reason });
  } catch (error) {
    // Finished already (or never started): the status above is all there is to do.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
