import { templateVariables } from '../../core/index.js';
import { AppError } from '../../infra/app-error.js';
import { Prisma, type Db } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { duplicateNameMessage } from './duplicate-name.js';
import { loadTemplate } from './load-template.js';
import type { TNewTemplate } from './create-template.js';
import { toTemplateView } from './template-view.js';

/**
 * Saves an edit of a template: only the fields sent change. A verdict is about the exact
 * text, category and language it checked, so changing any of them clears it.
 * @throws AppError not_found for another workspace's template; conflict when the name and
 *   language are taken, or when it changed while saving.
 */
export async function updateTemplate(db: Db, workspaceId: string, id: string, input: Partial<TNewTemplate>) {
  const existing = await loadTemplate(db, workspaceId, id);
  const next = {
    name: input.name ?? existing.name,
    content: input.content ?? existing.content,
    category: input.category ?? existing.category,
    language: input.language ?? existing.language,
  };
  const voidsCheck =
    next.content !== existing.content || next.category !== existing.category || next.language !== existing.language;
  // Compare-and-set on updatedAt, so a verdict stored meanwhile for other text is not kept by mistake.
  const { count } = await conflictOnDuplicate(duplicateNameMessage(next.name, next.language), () =>
    db.template.updateMany({
      where: { id: existing.id, workspaceId, updatedAt: existing.updatedAt },
      data: {
        ...next,
        variables: templateVariables(next.content),
        ...(voidsCheck ? { approved: false, validation: Prisma.DbNull } : {}),
      },
    }),
  );
  if (count === 0) throw new AppError('conflict', 'The template changed while saving: reload it and try again.');
  return { template: toTemplateView(await loadTemplate(db, workspaceId, existing.id)) };
}
