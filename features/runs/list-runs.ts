import type { Db } from '../../infra/db.js';
import { afterId, readPage } from '../../infra/pagination.js';
import { toRunView } from './run-view.js';

/**
 * One page of the workspace's runs, newest first. `test`: only test sends (true), only
 * launches (false), or both (undefined): whatever sums up launches asks for `false`.
 */
export async function listRuns(
  db: Db,
  workspaceId: string,
  page: { limit: number; cursor?: string | undefined; test?: boolean | undefined },
) {
  const result = await readPage(
    page.limit,
    (take) =>
      db.run.findMany({
        where: { workspaceId, ...(page.test === undefined ? {} : { isTest: page.test }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        ...afterId(page.cursor),
      }),
    (last) => last.id,
  );
  return { ...result, items: result.items.map(toRunView) };
}
