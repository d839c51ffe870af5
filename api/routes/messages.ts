import { listMessages } from '../../features/messages/list-messages.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { page } from '../schemas/common.js';
import { ZMessage, ZMessageQuery } from '../schemas/messages.js';

/** `/messages`: the caller's workspace's outbound MessageLog, filtered and paginated. Mount behind requireAuth. */
export function messageRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Messages',
      access: 'session',
      method: 'get',
      path: '/',
      operationId: 'listMessages',
      summary: "List the workspace's outbound messages",
      description:
        "Newest first. `status` takes a comma-separated list or repeats; `phone` is E.164 (send `+` as `%2B`); `from` (inclusive) and `to` (exclusive) are ISO instants on `createdAt`. 404 for a `runId` or `campaignId` that is not the workspace's.",
      request: { query: ZMessageQuery },
      responses: { 200: json(page(ZMessage), 'One page.') },
      errors: [400, 404],
    }),
    async (c) => c.json(await listMessages(db, c.get('auth').workspaceId, c.req.valid('query')), 200),
  );
}
