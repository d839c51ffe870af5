import type { Db } from '../../infra/db.js';
import { loadTemplate } from './load-template.js';
import { toTemplateView } from './template-view.js';

/** A template of the workspace. @throws AppError not_found for another workspace's. */
export async function getTemplate(db: Db, workspaceId: string, id: string) {
  return { template: toTemplateView(await loadTemplate(db, workspaceId, id)) };
}
