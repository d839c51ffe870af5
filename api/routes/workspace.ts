import { Hono } from 'hono';
import { ZSendPolicyLayer } from '../../core/index.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';

/**
 * `/workspace`: the caller's workspace and its send policy (send window, time zone,
 * frequency cap), which journeys override field by field. Only admins change it; it
 * applies to contacts started after the change.
 */
export function workspaceRoutes({ db }: ApiServices) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const workspace = await db.workspace.findUniqueOrThrow({ where: { id: c.get('auth').workspaceId } });
      return c.json({ workspace: { id: workspace.id, name: workspace.name, sendPolicy: workspace.sendPolicy } });
    })
    .put('/send-policy', requireRole('admin'), validate('json', ZSendPolicyLayer.strict()), async (c) => {
      const sendPolicy = c.req.valid('json');
      const workspace = await db.workspace.update({ where: { id: c.get('auth').workspaceId }, data: { sendPolicy } });
      return c.json({ workspace: { id: workspace.id, name: workspace.name, sendPolicy: workspace.sendPolicy } });
    });
}
