import { addUser } from '../../features/users/add-user.js';
import { listUsers } from '../../features/users/list-users.js';
import { removeUser } from '../../features/users/remove-user.js';
import { updateUser } from '../../features/users/update-user.js';
import type { ApiServices } from '../app.js';
import { requireRole } from '../middleware/auth.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZPathId } from '../schemas/common.js';
import { ZCreateUser, ZUpdateUser, ZUserBody, ZUserList } from '../schemas/users.js';

const base = { tag: 'Users', access: 'session' } as const;

/**
 * `/users`: the people of the caller's workspace. Everyone may list them; only admins add,
 * change and remove them. A workspace always keeps at least one admin, so nobody can
 * lock the team out (removing or demoting the last admin is a 409).
 */
export function userRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listUsers',
        summary: "The people of the caller's workspace",
        responses: { 200: json(ZUserList, 'Oldest first.') },
      }),
      async (c) => c.json(await listUsers(db, c.get('auth').workspaceId), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'addUser',
        summary: 'Add a teammate (admins)',
        description: 'With a first password to hand over; they sign in with it. 409 when the email has an account.',
        middleware: requireRole('admin'),
        request: { body: jsonBody(ZCreateUser) },
        responses: { 201: json(ZUserBody, 'The new user.') },
        errors: [400, 403, 409, 415],
      }),
      async (c) => {
        const user = await addUser(db, c.get('auth').workspaceId, c.req.valid('json'));
        c.get('logger').info({ userId: user.id, role: user.role }, 'user added');
        return c.json({ user }, 201);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'patch',
        path: '/{id}',
        operationId: 'updateUser',
        summary: "Change a teammate's role or name (admins)",
        description: 'Applies at once, to sessions already open too. Demoting the last admin is a 409.',
        middleware: requireRole('admin'),
        request: { params: ZPathId, body: jsonBody(ZUpdateUser) },
        responses: { 200: json(ZUserBody, 'The user.') },
        errors: [400, 403, 404, 409, 415],
      }),
      async (c) => {
        const user = await updateUser(db, c.get('auth').workspaceId, c.req.valid('param').id, c.req.valid('json'));
        return c.json({ user }, 200);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'delete',
        path: '/{id}',
        operationId: 'removeUser',
        summary: 'Remove a teammate (admins)',
        description:
          'Their sessions stop working at once; what they authored passes to the admin removing them. Removing the last admin is a 409.',
        middleware: requireRole('admin'),
        request: { params: ZPathId },
        responses: { 204: { description: 'Removed.' } },
        errors: [403, 404, 409],
      }),
      async (c) => {
        const { workspaceId, userId } = c.get('auth');
        await removeUser(db, workspaceId, c.req.valid('param').id, userId);
        return c.body(null, 204);
      },
    );
}
