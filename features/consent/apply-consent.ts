import type { Db } from '../../infra/db.js';
import type { TConsentKeyword } from '../../core/opt-out.js';

/**
 * Applies a STOP/START-style keyword from a phone to `workspaceIds`: the workspaces the
 * number written to belongs to for that phone (replyWorkspaces, without a window: its owner,
 * or every workspace that sent to the phone from it, by journey or by campaign).
 * Returns whether the reply is used up by this (an opt-out always; an opt-in only when it
 * lifted an opt-out, so a plain YES to a survey still reaches the journey).
 */
export async function applyConsent(
  db: Db,
  phone: string,
  consent: TConsentKeyword,
  workspaceIds: readonly string[],
): Promise<{ consumed: boolean; workspaces: number }> {
  if (consent.kind === 'opt_in') {
    const { count } = await db.optOut.deleteMany({ where: { phone, workspaceId: { in: [...workspaceIds] } } });
    return { consumed: count > 0, workspaces: count };
  }
  await db.optOut.createMany({
    data: workspaceIds.map((workspaceId) => ({ workspaceId, phone, keyword: consent.keyword })),
    skipDuplicates: true,
  });
  return { consumed: true, workspaces: workspaceIds.length };
}
