import { readSendQueue } from '../../features/send-queue/read-send-queue.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZSendQueue } from '../schemas/send-queue.js';

/**
 * `GET /send-queue`: the caller's workspace's place in the send queue, which every
 * workspace shares by weight: how many of its sends wait, how long the oldest has, and how
 * fast they leave. Operators see every workspace's in /metrics.
 */
export function sendQueueRoutes({ db, config, admitted }: Pick<ApiServices, 'db' | 'config' | 'admitted'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Workspace',
      access: 'session',
      method: 'get',
      path: '/',
      operationId: 'getSendQueue',
      summary: "The workspace's send queue",
      description:
        "Queue depth, the oldest send's wait and the admitted rate of the caller's workspace, and its weight in the fair share of the send rate between workspaces.",
      responses: { 200: json(ZSendQueue, "The workspace's send queue.") },
    }),
    async (c) => {
      const { workspaceId } = c.get('auth');
      const [figures] = await readSendQueue({ db, admitted, weights: config.FAIR_SHARE_WEIGHTS }, workspaceId);
      return c.json(figures!, 200);
    },
  );
}
