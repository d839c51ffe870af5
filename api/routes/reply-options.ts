import { findReplyOptions } from '../../features/runs/find-reply-options.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZReplyOptions, ZReplyOptionsQuery } from '../schemas/reply-options.js';

/**
 * `GET /reply-options?phone=`: the caller's workspace's contacts with that phone that wait
 * for a reply now, and the branches they wait on, for the phone simulator's answer buttons.
 */
export function replyOptionRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Runs',
      access: 'session',
      method: 'get',
      path: '/',
      operationId: 'listReplyOptions',
      summary: 'What a phone could answer now',
      description:
        "The workspace's contacts with this phone that wait for a reply now (most recently moved first), each with its node's branches: the phone simulator's answer buttons.",
      request: { query: ZReplyOptionsQuery },
      responses: { 200: json(ZReplyOptions, 'Every waiting contact of the phone; empty when none waits.') },
      errors: [400],
    }),
    async (c) => {
      const items = await findReplyOptions(db, c.get('auth').workspaceId, c.req.valid('query').phone);
      return c.json({ items }, 200);
    },
  );
}
