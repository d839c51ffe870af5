import { getDummyHash } from '../../features/auth/password.js';
import { registerWorkspace } from '../../features/auth/register-workspace.js';
import { signIn } from '../../features/auth/sign-in.js';
import { signSessionToken, type TSession } from '../../features/auth/tokens.js';
import type { TUserView } from '../../features/users/user-view.js';
import { AppError } from '../../infra/app-error.js';
import type { ApiServices } from '../app.js';
import { limitSmallBody } from '../middleware/body-limit.js';
import { clearSessionCookie, setSessionCookie } from '../middleware/session-cookie.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZLogin, ZRegister, ZSession, ZSetCookie } from '../schemas/auth.js';

// Credentials are tiny; refusing big bodies early keeps JSON parsing off the hot path of abuse.
const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

/** The claims a session token carries for this user. */
function sessionOf(user: TUserView): TSession {
  return { userId: user.id, workspaceId: user.workspaceId, role: user.role, email: user.email };
}

const base = { tag: 'Auth', access: 'public' } as const;

/**
 * `POST /auth/register`, `/auth/login` and `/auth/logout`: the only API routes that answer
 * without a session. Signing in answers the token in the body (API clients) and also sets
 * it as the HttpOnly session cookie, so the web app never holds it in JavaScript.
 */
export function authRoutes({ config, db }: ApiServices) {
  // Made now, so the first login for an unknown email is not the one slow request.
  getDummyHash().catch(() => undefined);
  const limit = limitSmallBody(AUTH_BODY_LIMIT_BYTES);
  const sessionAnswer = (description: string) => ({ ...json(ZSession, description), headers: ZSetCookie });
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/register',
        operationId: 'register',
        summary: 'Create a workspace and its admin',
        description:
          'Emails are stored trimmed and lowercased. Limited per client address (RATE_LIMIT_SIGNUP_PER_15MIN).',
        middleware: limit,
        request: { body: jsonBody(ZRegister) },
        responses: { 201: sessionAnswer('The new admin, signed in: the token in the body and in the session cookie.') },
        errors: [400, 409, 415],
      }),
      async (c) => {
        const user = await registerWorkspace(db, c.req.valid('json'));
        c.get('logger').info({ userId: user.id, workspaceId: user.workspaceId }, 'workspace registered');
        const token = await signSessionToken(config, sessionOf(user));
        setSessionCookie(c, config, token);
        return c.json({ token, user }, 201);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/login',
        operationId: 'login',
        summary: 'Sign in',
        description:
          'A wrong email and a wrong password get the same 401, in the same time. Failed sign-ins are counted per account from this address (a success resets it), per account and per address; past a limit, 429 with Retry-After.',
        middleware: limit,
        request: { body: jsonBody(ZLogin) },
        responses: { 200: sessionAnswer('A session: the token in the body and in the session cookie.') },
        errors: [400, 401, 415],
      }),
      async (c) => {
        const credentials = c.req.valid('json');
        // Set by the rate limiter: absent where limits are off (most tests).
        const guard = c.get('signInGuard');
        await guard?.check(credentials.email);
        const user = await signIn(db, credentials);
        if (!user) {
          await guard?.failed(credentials.email);
          c.header('WWW-Authenticate', 'Bearer');
          throw new AppError('unauthenticated', 'Invalid email or password.');
        }
        await guard?.succeeded(credentials.email);
        const token = await signSessionToken(config, sessionOf(user));
        setSessionCookie(c, config, token);
        return c.json({ token, user }, 200);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/logout',
        operationId: 'logout',
        summary: 'Sign out of the browser session',
        description:
          "Expires the session cookie; needs no session and always answers 204. Tokens are stateless: a copy of the token (the login body's) stays valid until it expires.",
        responses: { 204: { description: 'The cookie is cleared.', headers: ZSetCookie } },
      }),
      // Public and idempotent: it only expires the browser's cookie; the cookie was the browser's only copy.
      (c) => {
        clearSessionCookie(c, config);
        return c.body(null, 204);
      },
    );
}
