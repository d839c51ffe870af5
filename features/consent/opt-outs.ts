import type { Db } from '../../infra/db.js';

/**
 * The workspace's opt-out list, as the phones (E.164) an audience must leave out. Read
 * once per launch or campaign: a list is small next to the audience it filters.
 */
export async function optedOutPhones(db: Db, workspaceId: string): Promise<Set<string>> {
  const rows = await db.optOut.findMany({ where: { workspaceId }, select: { phone: true } });
  return new Set(rows.map((row) => row.phone));
}
