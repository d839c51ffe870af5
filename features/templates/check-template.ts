import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { checkDraft } from './check-draft.js';
import { loadTemplate } from './load-template.js';
import type { TTemplateCheck, TTemplateChecker } from './template-check.js';

/**
 * Checks a stored template and keeps the verdict on it.
 * @throws AppError not_found for another workspace's template; conflict when it was edited
 *   while being checked (the verdict would be about other text); upstream_error from the checker.
 */
export async function checkTemplate(
  deps: { db: Db; check: TTemplateChecker; logger: Logger },
  workspaceId: string,
  id: string,
): Promise<TTemplateCheck> {
  const row = await loadTemplate(deps.db, workspaceId, id);
  const { name, content, category, language } = row;
  const result = await checkDraft(deps, { name, content, category, language });
  // Stored only if the row is still what was checked: an edit meanwhile makes this verdict stale.
  const { count } = await deps.db.template.updateMany({
    where: { id: row.id, workspaceId, updatedAt: row.updatedAt },
    data: { approved: result.verdict === 'approve', validation: { ...result, validatedAt: new Date().toISOString() } },
  });
  if (count === 0) throw new AppError('conflict', 'The template changed while it was being checked: check it again.');
  return result;
}
