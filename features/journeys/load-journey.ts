import { AppError } from '../../infra/app-error.js';
import type { Db, Prisma } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';

const NOT_FOUND = 'Journey not found.';

/** A journey of the workspace; another workspace's, a missing and a malformed id are all the same 404. */
export async function loadJourney(db: Db, workspaceId: string, id: string): Promise<Prisma.JourneyModel> {
  const row = await db.journey.findFirst({ where: { id: ownedId(id, NOT_FOUND), workspaceId } });
  if (!row) throw new AppError('not_found', NOT_FOUND);
  return row;
}
