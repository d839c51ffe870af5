import { z } from 'zod';
import { ZCreateUser, ZUpdateUser } from '../../routes/users.js';
import { ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';
import { ZUser } from './auth.js';

const ZUserIdParam = z.object({ id: ZUuid.describe('User id') });
const base = { tag: 'Users', security: 'bearer' } as const;
const one = { 'application/json': z.object({ user: ZUser }) };

export const USER_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'get',
    path: '/api/users',
    operationId: 'listUsers',
    summary: "The people of the caller's workspace",
    success: {
      status: 200,
      description: 'Oldest first.',
      content: { 'application/json': z.object({ items: z.array(ZUser) }) },
    },
  },
  {
    ...base,
    method: 'post',
    path: '/api/users',
    operationId: 'addUser',
    summary: 'Add a teammate (admins)',
    description: 'With a first password to hand over; they sign in with it. 409 when the email has an account.',
    request: { body: { 'application/json': ZCreateUser } },
    success: { status: 201, description: 'The new user.', content: one },
    errors: [400, 403, 409, 415],
  },
  {
    ...base,
    method: 'patch',
    path: '/api/users/{id}',
    operationId: 'updateUser',
    summary: "Change a teammate's role or name (admins)",
    description: 'Applies at once, to sessions already open too. Demoting the last admin is a 409.',
    request: { path: ZUserIdParam, body: { 'application/json': ZUpdateUser } },
    success: { status: 200, description: 'The user.', content: one },
    errors: [400, 403, 404, 409, 415],
  },
  {
    ...base,
    method: 'delete',
    path: '/api/users/{id}',
    operationId: 'removeUser',
    summary: 'Remove a teammate (admins)',
    description:
      'Their sessions stop working at once; what they authored passes to the admin removing them. Removing the last admin is a 409.',
    request: { path: ZUserIdParam },
    success: { status: 204, description: 'Removed.' },
    errors: [403, 404, 409],
  },
];
