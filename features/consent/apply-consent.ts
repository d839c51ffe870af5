import type { Db } from '../../infra/db.js';
import type { TConsentKeyword } from '../../core/opt-out.js';

/**
 * Applies a STOP/START-style keyword from a phone to `workspaceIds`: the workspaces the
 * number written to belongs to for that phone (replyWorkspaces' `all`, without a window: its owner,
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
  // Plain SQL on the unique (workspaceId, phone) index, as the rest of the reply path: every
  // YES to a survey question is an opt-in keyword too, so this runs for many replies.
  if (workspaceIds.length === 0) return { consumed: consent.kind === 'opt_out', workspaces: 0 };
  if (consent.kind === 'opt_in') {
    const count = await db.sql.execute`
      DELETE FROM "OptOut" WHERE "workspaceId" = ANY(${[...workspaceIds]}::uuid[]) AND "phone" = ${phone}`;
    return { consumed: count > 0, workspaces: count };
  }
  await db.sql.execute`
    INSERT INTO "OptOut" ("workspaceId", "phone", "keyword")
    SELECT w, ${phone}, ${consent.keyword} FROM unnest(${[...workspaceIds]}::uuid[]) AS w
    ON CONFLICT ("workspaceId", "phone") DO NOTHING`;
  return { consumed: true, workspaces: workspaceIds.length };
}
