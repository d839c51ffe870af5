import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { isId } from '../../infra/owned-id.js';
import { TEMPLATE_NOT_FOUND } from './load-template.js';

/**
 * Deletes a template. Members may as well as admins: unlike journeys, nothing in flight
 * depends on the row.
 * @throws AppError not_found for another workspace's template.
 */
export async function deleteTemplate(db: Db, workspaceId: string, id: string): Promise<void> {
  const { count } = isId(id) ? await db.template.deleteMany({ where: { id, workspaceId } }) : { count: 0 };
  if (count === 0) throw new AppError('not_found', TEMPLATE_NOT_FOUND);
}
