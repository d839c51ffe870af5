import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import type { TAudience } from '../audience/index.js';
import { optedOutPhones } from '../consent/opt-outs.js';
import type { TCampaignInput } from '../../workflows/contract/index.js';

/** A campaign as its request says it: a name, one message, and who would and would not get it. */
export interface TCampaignPlan {
  name: string;
  message: TCampaignInput['message'];
  audience: TAudience;
}

/** The rules a campaign's list is read with; the reader (JSON, CSV...) is the caller's. */
export interface TRecipientRules {
  maxRows: number;
  /** Phones that opted out of the workspace's messages: rejected. */
  excludedPhones: ReadonlySet<string>;
}

/**
 * Decides what a campaign would send before anything is written: `readCampaign` reads the
 * request under the workspace's opt-outs and `maxRows`, and at least one recipient must
 * be sendable. Creates nothing.
 * @throws AppError invalid_input when nobody in the list can be sent to (`details.rejected`
 *   lists every row and why); whatever `readCampaign` throws (400, 413, 415).
 */
export async function planCampaign(
  db: Db,
  request: { workspaceId: string; maxRows: number },
  readCampaign: (rules: TRecipientRules) => Promise<TCampaignPlan>,
): Promise<TCampaignPlan> {
  const plan = await readCampaign({
    maxRows: request.maxRows,
    excludedPhones: await optedOutPhones(db, request.workspaceId),
  });
  if (plan.audience.accepted.length === 0)
    throw new AppError('invalid_input', 'No recipient in the list can be sent to.', {
      rejected: plan.audience.rejected,
    });
  return plan;
}
