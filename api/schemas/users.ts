import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../features/auth/password.js';
import { ZRegister, ZUser } from './auth.js';

/** An admin adds a teammate with a first password to hand over (they sign in with it). */
export const ZCreateUser = ZRegister.pick({ email: true, name: true }).extend({
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  role: z.enum(['admin', 'member']).default('member'),
});

export const ZUpdateUser = z
  .object({ role: z.enum(['admin', 'member']).optional(), name: ZRegister.shape.name.optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, 'nothing to update: send role or name');

export const ZUserBody = z.object({ user: ZUser });
export const ZUserList = z.object({ items: z.array(ZUser) });
