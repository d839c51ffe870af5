import { templateVariables } from '../../core/index.js';
import type { Db } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { duplicateNameMessage } from './duplicate-name.js';
import type { TTemplateCategory } from './template-check.js';
import { toTemplateView } from './template-view.js';

export interface TNewTemplate {
  name: string;
  content: string;
  category: TTemplateCategory;
  language: string;
}

/**
 * Creates a template; its variables are the `{{name}}` placeholders of its content.
 * @throws AppError conflict when the workspace has a template of that name and language.
 */
export async function createTemplate(db: Db, owner: { workspaceId: string; userId: string }, input: TNewTemplate) {
  const { name, content, category, language } = input;
  const row = await conflictOnDuplicate(duplicateNameMessage(name, language), () =>
    db.template.create({
      data: {
        workspaceId: owner.workspaceId,
        userId: owner.userId,
        name,
        content,
        category,
        language,
        variables: templateVariables(content),
      },
    }),
  );
  return { template: toTemplateView(row) };
}
