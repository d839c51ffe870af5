import { getMe } from '../../features/users/get-me.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZMe } from '../schemas/auth.js';

/** `GET /me`: the signed-in user and their workspace, read fresh from the database. */
export function meRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Auth',
      access: 'session',
      method: 'get',
      path: '/',
      operationId: 'getMe',
      summary: 'The signed-in user and their workspace',
      description:
        'Read fresh from the database: a valid token of a deleted account is a 401. The web app asks this to learn whether its session cookie is still good.',
      responses: { 200: json(ZMe, 'The caller.') },
    }),
    async (c) => c.json(await getMe(db, c.get('auth')), 200),
  );
}
