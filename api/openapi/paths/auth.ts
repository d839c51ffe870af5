import { z } from 'zod';
import { ZLogin, ZRegister, type TUserView } from '../../routes/auth.js';
import { ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

export const ZUser = z
  .object({ id: ZUuid, email: z.string(), name: z.string(), role: z.enum(['admin', 'member']), workspaceId: ZUuid })
  .meta({ id: 'User' }) satisfies z.ZodType<TUserView>;

export const ZSession = z
  .object({
    token: z
      .string()
      .describe(
        'A session JWT (HS256, valid 24 h): send it as `Authorization: Bearer <token>`. Browsers use the session cookie set with it instead.',
      ),
    user: ZUser,
  })
  .meta({ id: 'Session' });

const ZMe = z.object({ user: ZUser, workspace: z.object({ id: ZUuid, name: z.string() }) });

const json = { 'application/json': ZSession };

/** The session cookie as login and register set it; logout sets it empty with Max-Age=0. */
const ZSetCookie = z.object({
  'Set-Cookie': z
    .string()
    .describe(
      '`initucastt_session=<token>; Max-Age=86400; Path=/; HttpOnly; SameSite=Strict`, plus `Secure` when PUBLIC_URL is https.',
    ),
});

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
    success: {
      status: 201,
      description: 'The new admin, signed in: the token in the body and in the session cookie.',
      content: json,
      headers: ZSetCookie,
    },
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
    success: {
      status: 200,
      description: 'A session: the token in the body and in the session cookie.',
      content: json,
      headers: ZSetCookie,
    },
    errors: [400, 401, 415],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'Auth',
    summary: 'Sign out of the browser session',
    description:
      "Expires the session cookie; needs no session and always answers 204. Tokens are stateless: a copy of the token (the login body's) stays valid until it expires.",
    security: 'public',
    success: { status: 204, description: 'The cookie is cleared.', headers: ZSetCookie },
  },
  {
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    tag: 'Auth',
    summary: 'The signed-in user and their workspace',
    description:
      'Read fresh from the database: a valid token of a deleted account is a 401. The web app asks this to learn whether its session cookie is still good.',
    security: 'bearer',
    success: { status: 200, description: 'The caller.', content: { 'application/json': ZMe } },
  },
];
