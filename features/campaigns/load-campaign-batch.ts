import { mergeSendPolicies, ZSendPolicyLayer } from '../../core/policy/index.js';
import type { TVars } from '../../core/render.js';
import type { Db } from '../../infra/db.js';
import type { CampaignBatch, CampaignBatchInput } from '../../workflows/contract/index.js';

/**
 * The campaign's next recipients. Marks a queued campaign running on its first batch.
 * The policy is read per batch, so a change applies to recipients not yet sent to.
 */
export async function loadCampaignBatch(deps: { db: Db }, input: CampaignBatchInput): Promise<CampaignBatch> {
  const campaign = await deps.db.campaign.findUniqueOrThrow({
    where: { id: input.campaignId },
    select: { status: true, workspace: { select: { sendPolicy: true } } },
  });
  if (campaign.status === 'stopped' || campaign.status === 'failed') return { recipients: [], stopped: true };
  if (campaign.status === 'queued') {
    await deps.db.campaign.updateMany({
      where: { id: input.campaignId, status: 'queued' },
      data: { status: 'running', startedAt: new Date() },
    });
  }
  const recipients = await deps.db.campaignRecipient.findMany({
    where: { campaignId: input.campaignId, ...(input.afterRecipientId ? { id: { gt: input.afterRecipientId } } : {}) },
    orderBy: { id: 'asc' },
    take: input.limit,
    select: { id: true, phone: true, vars: true },
  });
  const policy = mergeSendPolicies(ZSendPolicyLayer.parse(campaign.workspace.sendPolicy ?? {}));
  return {
    recipients: recipients.map((r) => ({ id: r.id, phone: r.phone, vars: r.vars as TVars })),
    stopped: false,
    ...(policy.sendWindow || policy.frequencyCap ? { sendPolicy: policy } : {}),
  };
}
