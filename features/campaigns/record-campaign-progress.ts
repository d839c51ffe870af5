import type { Db } from '../../infra/db.js';
import { campaignCounts } from './campaign-counts.js';

/** Copies the campaign's counts from its message logs onto the row (progress and the final tally). */
export async function recordCampaignProgress(
  deps: { db: Db },
  input: { campaignId: string; finished?: 'done' | 'stopped' },
): Promise<void> {
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
}
