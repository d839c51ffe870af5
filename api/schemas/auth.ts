import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../features/auth/password.js';
import type { TUserView } from '../../features/users/user-view.js';
import { ZDisplayName, ZUuid } from './common.js';

/** Emails are compared trimmed and lowercased: that is also how they are stored. */
const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());

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

export const ZMe = z.object({ user: ZUser, workspace: z.object({ id: ZUuid, name: z.string() }) });

/** The session cookie as login and register set it; logout sets it empty with Max-Age=0. */
export const ZSetCookie = z.object({
  'Set-Cookie': z
    .string()
    .describe(
      '`initucastt_session=<token>; Max-Age=86400; Path=/; HttpOnly; SameSite=Strict`, plus `Secure` when PUBLIC_URL is https.',
    ),
});
