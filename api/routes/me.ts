import { Hono } from 'hono';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { toUserView } from './auth.js';

/** `GET /me`: the signed-in user and their workspace, read fresh from the database. */
export function meRoutes({ db }: ApiServices) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const { userId, workspaceId } = c.get('auth');
    const user = await db.user.findFirst({ where: { id: userId, workspaceId }, include: { workspace: true } });
    // A valid token for a deleted account is a session that no longer exists.
    if (!user) throw new AppError('unauthenticated', 'Authentication required: account no longer exists.');
    return c.json({ user: toUserView(user), workspace: { id: user.workspace.id, name: user.workspace.name } });
  });
}
