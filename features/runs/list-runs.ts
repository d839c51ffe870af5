import type { Db } from '../../infra/db.js';
import { afterId, readPage } from '../../infra/pagination.js';

/** One page of the workspace's runs, newest first. */
export async function listRuns(db: Db, workspaceId: string, page: { limit: number; cursor?: string | undefined }) {
  return readPage(
    page.limit,
    (take) =>
      db.run.findMany({
        where: { workspaceId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        ...afterId(page.cursor),
      }),
    (last) => last.id,
  );
}
