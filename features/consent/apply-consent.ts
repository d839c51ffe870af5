import type { Db, Prisma } from '../../infra/db.js';
import type { TConsentKeyword } from '../../core/opt-out.js';

/**
 * Applies a STOP/START-style keyword from a phone, within `scope` (the workspaces the number
 * written to belongs to): an opt-out lands on the list of each of those workspaces that has
 * this phone as a contact (the ones that have been messaging it).
 * Returns whether the reply is used up by this (an opt-out always; an opt-in only when it
 * lifted an opt-out, so a plain YES to a survey still reaches the journey).
 */
export async function applyConsent(
  db: Db,
  phone: string,
  consent: TConsentKeyword,
  scope: Prisma.ContactWhereInput & Prisma.OptOutWhereInput,
): Promise<{ consumed: boolean; workspaces: number }> {
  if (consent.kind === 'opt_in') {
    const { count } = await db.optOut.deleteMany({ where: { phone, ...scope } });
    return { consumed: count > 0, workspaces: count };
  }
  const owners = await db.contact.findMany({
    where: { phone, ...scope },
    distinct: ['workspaceId'],
    select: { workspaceId: true },
  });
  await db.optOut.createMany({
    data: owners.map(({ workspaceId }) => ({ workspaceId, phone, keyword: consent.keyword })),
    skipDuplicates: true,
  });
  return { consumed: true, workspaces: owners.length };
}
