import type { components } from '../../api-client/schema';
import { api, unwrap } from '../../api-client/client';

export type TTemplate = components['schemas']['Template'];
export type TTemplateCheck = components['schemas']['TemplateCheck'];
export type TTemplateCategory = TTemplate['category'];

/** The categories WhatsApp accepts, in the order the select shows them. */
export const TEMPLATE_CATEGORIES: readonly TTemplateCategory[] = ['marketing', 'utility', 'authentication'];

/** WhatsApp's limit on a template body; the API stores longer drafts and its check says so. */
export const MAX_TEMPLATE_BODY = 1024;

// Keys under one root, so a save or delete can invalidate the list and every detail at once.
export const templateKeys = {
  all: ['templates'] as const,
  list: () => ['templates', 'list'] as const,
  detail: (id: string) => ['templates', 'detail', id] as const,
};

/** One page of the workspace's templates, newest first. */
export function fetchTemplatePage(cursor: string | undefined, limit = 100) {
  return unwrap(api.GET('/api/templates', { params: { query: { limit, ...(cursor ? { cursor } : {}) } } }));
}

/** One template; an ApiError 404 when it is not the workspace's. */
export async function fetchTemplate(id: string): Promise<TTemplate> {
  return (await unwrap(api.GET('/api/templates/{id}', { params: { path: { id } } }))).template;
}
