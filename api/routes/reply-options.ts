import { Hono } from 'hono';
import { z } from 'zod';
import { findReplyOptions } from '../../features/runs/find-reply-options.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';

// Shape only, like /messages?phone=: contacts' phones are stored in E.164, so this is an exact match.
const E164 = /^\+[1-9]\d{1,14}$/;

export const ZReplyOptionsQuery = z.object({
  // A raw `+` in a query string decodes to a space, hence the hint.
  phone: z
    .string()
    .regex(E164, 'must be an E.164 number such as +14155552671 (send + as %2B)')
    .describe('The phone, E.164; send `+` as `%2B`.'),
});

/**
 * `GET /reply-options?phone=`: the caller's workspace's contacts with that phone that wait
 * for a reply now, and the branches they wait on, for the phone simulator's answer buttons.
 */
export function replyOptionRoutes({ db }: Pick<ApiServices, 'db'>) {
  return new Hono<AppEnv>().get('/', validate('query', ZReplyOptionsQuery), async (c) => {
    const items = await findReplyOptions(db, c.get('auth').workspaceId, c.req.valid('query').phone);
    return c.json({ items });
  });
}
