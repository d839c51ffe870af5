import type { Prisma } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';

/** A campaign row as the API shows it; its template variables are the ones the request validated. */
export function toCampaignView(row: Prisma.CampaignModel) {
  return { ...row, contentVariables: storedAs<Record<string, string> | null>(row.contentVariables) };
}
