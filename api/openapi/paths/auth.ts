import { z } from 'zod';
import { ZLogin, ZRegister, type TUserView } from '../../routes/auth.js';
import { ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

export const ZUser = z
  .object({ id: ZUuid, email: z.string(), name: z.string(), role: z.enum(['admin', 'member']), workspaceId: ZUuid })
  .meta({ id: 'User' }) satisfies z.ZodType<TUserView>;

export const ZSession = z
  .object({
    token: z.string().describe('A session JWT (HS256, valid 24 h): send it as `Authorization: Bearer <token>`.'),
    user: ZUser,
  })
  .meta({ id: 'Session' });

const ZMe = z.object({ user: ZUser, workspace: z.object({ id: ZUuid, name: z.string() }) });

const json = { 'application/json': ZSession };

export const AUTH_OPERATIONS: readonly TApiOperation[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    operationId: 'register',
    tag: 'Auth',
    summary: 'Create a workspace and its admin',
    description: 'Emails are stored trimmed and lowercased. Shares the small sign-in rate limit with login.',
    security: 'public',
    request: { body: { 'application/json': ZRegister } },
    success: { status: 201, description: 'The new admin, signed in.', content: json },
    errors: [400, 409, 415],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'Auth',
    summary: 'Sign in',
    description: 'A wrong email and a wrong password get the same 401, in the same time.',
    security: 'public',
    request: { body: { 'application/json': ZLogin } },
    success: { status: 200, description: 'A session.', content: json },
    errors: [400, 401, 415],
  },
  {
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    tag: 'Auth',
    summary: 'The signed-in user and their workspace',
    description: 'Read fresh from the database: a valid token of a deleted account is a 401.',
    security: 'bearer',
    success: { status: 200, description: 'The caller.', content: { 'application/json': ZMe } },
  },
];
