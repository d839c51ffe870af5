import { mergeSendPolicies, ZSendPolicyLayer, type TSendPolicy } from '../core/policy/index.js';
import type { TVars } from '../core/render.js';
import type { Db } from '../server/db.js';
import { campaignCounts } from '../server/campaigns/campaign-counts.js';

export interface CampaignBatchInput {
  campaignId: string;
  /** Recipients are read in id order; the batch starts after this id. */
  afterRecipientId?: string;
  limit: number;
}

export interface CampaignRecipientView {
  id: string;
  phone: string;
  vars: TVars;
}

export interface CampaignBatch {
  recipients: CampaignRecipientView[];
  /** The campaign was stopped meanwhile: send nothing more. */
  stopped: boolean;
  /** The workspace's send policy as of this batch; undefined when it sets nothing. */
  sendPolicy?: TSendPolicy;
}

/**
 * The campaign's next recipients. Marks a queued campaign running on its first batch.
 * The policy is read per batch, so a change applies to recipients not yet sent to.
 */
export function createLoadCampaignBatch(deps: { db: Db }) {
  return async function loadCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatch> {
    const campaign = await deps.db.campaign.findUniqueOrThrow({
      where: { id: input.campaignId },
      select: { status: true, workspace: { select: { sendPolicy: true } } },
    });
    if (campaign.status === 'stopped' || campaign.status === 'failed') return { recipients: [], stopped: true };
    if (campaign.status === 'queued') {
      await deps.db.campaign.updateMany({ where: { id: input.campaignId, status: 'queued' }, data: { status: 'running', startedAt: new Date() } });
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
  };
}

/** Copies the campaign's counts from its message logs onto the row (progress and the final tally). */
export function createRecordCampaignProgress(deps: { db: Db }) {
  return async function recordCampaignProgress(input: { campaignId: string; finished?: 'done' | 'stopped' }): Promise<void> {
    const counts = await campaignCounts(deps.db, input.campaignId);
    await deps.db.campaign.update({
      where: { id: input.campaignId },
      data: {
        sent: counts.sent,
        delivered: counts.delivered,
        failed: counts.failed,
        suppressed: counts.suppressed,
        ...(input.finished ? { endedAt: new Date() } : {}),
      },
    });
    if (input.finished) {
      // A stop recorded by the API stays a stop; otherwise the campaign is done.
      await deps.db.campaign.updateMany({
        where: { id: input.campaignId, status: { in: ['queued', 'running'] } },
        data: { status: input.finished },
      });
    }
  };
}
