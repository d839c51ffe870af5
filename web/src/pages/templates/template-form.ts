import type { TTemplate, TTemplateCategory } from './template-queries';

/** What the editor edits: the writable fields of a template. */
export interface TTemplateValues {
  name: string;
  category: TTemplateCategory;
  language: string;
  content: string;
}

/** The form's starting values: the stored template's, or a blank utility draft in English. */
export function toFormValues(template: TTemplate | undefined): TTemplateValues {
  if (!template) return { name: '', category: 'utility', language: 'en', content: '' };
  const { name, category, language, content } = template;
  return { name, category, language, content };
}

/** Whether two sets of values say the same thing; the API trims names, so the form compares trimmed names too. */
export function sameValues(a: TTemplateValues, b: TTemplateValues): boolean {
  return (
    a.name.trim() === b.name.trim() && a.category === b.category && a.language === b.language && a.content === b.content
  );
}
