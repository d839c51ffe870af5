import type { Db } from '../../infra/db.js';
import { isId } from '../../infra/owned-id.js';
import { afterId, readPage, unknownCursor } from '../../infra/pagination.js';
import type { TTemplateCategory } from './template-check.js';
import { toTemplateView } from './template-view.js';

export interface TTemplateQuery {
  limit: number;
  cursor?: string | undefined;
  category?: TTemplateCategory | undefined;
  language?: string | undefined;
}

/**
 * One page of the workspace's templates, newest first, optionally of one category or language.
 * @throws AppError invalid_input for a cursor that names no template of the workspace.
 */
export async function listTemplates(db: Db, workspaceId: string, query: TTemplateQuery) {
  const { limit, cursor, category, language } = query;
  if (
    cursor !== undefined &&
    !(isId(cursor) && (await db.template.findFirst({ where: { id: cursor, workspaceId }, select: { id: true } })))
  ) {
    throw unknownCursor();
  }
  const page = await readPage(
    limit,
    (take) =>
      db.template.findMany({
        where: { workspaceId, ...(category ? { category } : {}), ...(language ? { language } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        ...afterId(cursor),
      }),
    (last) => last.id,
  );
  return { ...page, items: page.items.map(toTemplateView) };
}
