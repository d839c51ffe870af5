import { mergeSendPolicies, ZSendPolicyLayer } from '../../core/policy/index.js';
import type { TVars } from '../../core/render.js';
import type { Db } from '../../infra/db.js';
import type { CampaignBatch, CampaignBatchInput } from '../../workflows/contract/index.js';
import { campaignVariables } from './campaign-variables.js';

/**
 * Bytes of recipient variables one batch carries at most (always at least one recipient).
 * The batch is an activity result, which Temporal caps at 2 MB: a hundred recipients of
 * 50 variables of 1,600 characters each would be far over it, and the campaign would fail
 * that batch on every retry. Recipients left out come in the next batch.
 */
export const MAX_BATCH_VARS_BYTES = 512 * 1024;

/** The variable a recipient's time zone comes from, for the send window. */
const TIMEZONE_VARIABLE = 'timezone';

/**
 * The campaign's next recipients, each with the variables its message uses (and its time
 * zone), up to `limit` recipients or MAX_BATCH_VARS_BYTES of variables. Marks a queued
 * campaign running on its first batch. The policy is read per batch, so a change applies
 * to recipients not yet sent to.
 */
export async function loadCampaignBatch(deps: { db: Db }, input: CampaignBatchInput): Promise<CampaignBatch> {
  const campaign = await deps.db.campaign.findUniqueOrThrow({
    where: { id: input.campaignId },
    select: {
      status: true,
      channel: true,
      body: true,
      contentVariables: true,
      workspace: { select: { sendPolicy: true } },
    },
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
  const used = new Set([
    ...campaignVariables({
      channel: campaign.channel,
      ...(campaign.body !== null ? { body: campaign.body } : {}),
      ...(campaign.contentVariables ? { contentVariables: campaign.contentVariables as Record<string, string> } : {}),
    }),
    TIMEZONE_VARIABLE,
  ]);
  const batch: CampaignBatch['recipients'] = [];
  let bytes = 0;
  for (const r of recipients) {
    const vars = Object.fromEntries(Object.entries(r.vars as TVars).filter(([name]) => used.has(name)));
    bytes += Buffer.byteLength(JSON.stringify(vars));
    if (batch.length > 0 && bytes > MAX_BATCH_VARS_BYTES) break;
    batch.push({ id: r.id, phone: r.phone, vars });
  }
  const policy = mergeSendPolicies(ZSendPolicyLayer.parse(campaign.workspace.sendPolicy ?? {}));
  return {
    recipients: batch,
    stopped: false,
    ...(policy.sendWindow || policy.frequencyCap ? { sendPolicy: policy } : {}),
  };
}
