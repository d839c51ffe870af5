import { AppError } from '../../infra/app-error.js';
import type { Db, Prisma } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';

/** The 404 of every template route: another workspace's template looks exactly like a missing one. */
export const TEMPLATE_NOT_FOUND = 'Template not found.';

/** A template of the workspace; another workspace's, a missing and a malformed id are all the same 404. */
export async function loadTemplate(db: Db, workspaceId: string, id: string): Promise<Prisma.TemplateModel> {
  const row = await db.template.findFirst({ where: { id: ownedId(id, TEMPLATE_NOT_FOUND), workspaceId } });
  if (!row) throw new AppError('not_found', TEMPLATE_NOT_FOUND);
  return row;
}
