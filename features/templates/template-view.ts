import type { Prisma } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';
import type { TTemplateCheck } from './template-check.js';

/** A stored verdict: the check's answer and when it was made (features/templates/check-template.ts). */
export type TStoredCheck = TTemplateCheck & { validatedAt: string };

/**
 * The template as the API shows it. `approved` means the last check approved this exact
 * content; it is not Meta's approval.
 */
export function toTemplateView(row: Prisma.TemplateModel) {
  const { id, name, content, variables, category, language, approved, validation, contentSid, userId } = row;
  return {
    id,
    name,
    content,
    variables: storedAs<string[]>(variables),
    category,
    language,
    approved,
    validation: storedAs<TStoredCheck | null>(validation),
    contentSid,
    userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
