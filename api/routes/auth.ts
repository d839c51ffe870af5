import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  getDummyHash,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from '../../features/auth/password.js';
import { signSessionToken, type TSession } from '../../features/auth/tokens.js';
import { Prisma, type Db } from '../../infra/db.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { clearSessionCookie, setSessionCookie } from '../middleware/session-cookie.js';
import { validate } from '../middleware/validate.js';

// Credentials are tiny; refusing big bodies early keeps JSON parsing off the hot path of abuse.
const AUTH_BODY_LIMIT_BYTES = 16 * 1024;
const LOGIN_FAILED = 'Invalid email or password.';

/** Emails are compared trimmed and lowercased: that is also how they are stored. */
const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());
// Postgres text cannot hold NUL; refusing it here keeps it a 400 instead of a 500.
const ZDisplayName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\0]*$/, 'must not contain NUL characters');

export const ZRegister = z.object({
  email: ZEmail,
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  name: ZDisplayName,
  workspaceName: ZDisplayName.optional(),
});

// No minimum length at login: a policy change must not lock out, or reveal, older accounts.
export const ZLogin = z.object({
  email: ZEmail,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

/** The user as the API shows it: never the password hash. */
export interface TUserView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  workspaceId: string;
}

/** Picks the public fields of a user row. */
export function toUserView(user: TUserView): TUserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId };
}

/** The claims a session token carries for this user. */
function sessionOf(user: TUserView): TSession {
  return { userId: user.id, workspaceId: user.workspaceId, role: user.role, email: user.email };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

async function createWorkspaceWithAdmin(
  db: Db,
  input: z.infer<typeof ZRegister>,
  passwordHash: string,
): Promise<TUserView> {
  try {
    return await db.$transaction(async (tx) => {
      const workspace = await tx.workspace.create({
        data: { name: input.workspaceName ?? `${input.name}'s workspace` },
      });
      return tx.user.create({
        data: { workspaceId: workspace.id, email: input.email, passwordHash, name: input.name, role: 'admin' },
      });
    });
  } catch (error) {
    // The unique index decides, so two simultaneous sign-ups with one email cannot both win.
    if (isUniqueViolation(error)) throw new AppError('conflict', 'An account with this email already exists.');
    throw error;
  }
}

/**
 * `POST /auth/register`, `/auth/login` and `/auth/logout`: the only API routes that answer
 * without a session. Signing in answers the token in the body (API clients) and also sets
 * it as the HttpOnly session cookie, so the web app never holds it in JavaScript.
 */
export function authRoutes({ config, db }: ApiServices) {
  // Made now, so the first login for an unknown email is not the one slow request.
  getDummyHash().catch(() => undefined);
  const limit = bodyLimit({
    maxSize: AUTH_BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', `Request body exceeds ${AUTH_BODY_LIMIT_BYTES} bytes.`);
    },
  });
  return (
    new Hono<AppEnv>()
      .post('/register', limit, validate('json', ZRegister), async (c) => {
        const input = c.req.valid('json');
        const user = toUserView(await createWorkspaceWithAdmin(db, input, await hashPassword(input.password)));
        c.get('logger').info({ userId: user.id, workspaceId: user.workspaceId }, 'workspace registered');
        const token = await signSessionToken(config, sessionOf(user));
        setSessionCookie(c, config, token);
        return c.json({ token, user }, 201);
      })
      .post('/login', limit, validate('json', ZLogin), async (c) => {
        const { email, password } = c.req.valid('json');
        const found = await db.user.findUnique({ where: { email } });
        // Always pay for one scrypt, so response time does not tell which emails exist.
        const matches = await verifyPassword(password, found?.passwordHash ?? (await getDummyHash()));
        if (!found || !matches) {
          c.header('WWW-Authenticate', 'Bearer');
          throw new AppError('unauthenticated', LOGIN_FAILED);
        }
        const user = toUserView(found);
        const token = await signSessionToken(config, sessionOf(user));
        setSessionCookie(c, config, token);
        return c.json({ token, user });
      })
      // Public and idempotent: it only expires the browser's cookie. Tokens are stateless, so a
      // copy of one stays valid until it expires; the cookie was the browser's only copy.
      .post('/logout', (c) => {
        clearSessionCookie(c, config);
        return c.body(null, 204);
      })
  );
}
