import { Hono } from 'hono';
import { z } from 'zod';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../features/auth/password.js';
import { Prisma } from '../../infra/db.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import { ownedId } from '../owned-id.js';
import { toUserView, ZRegister } from './auth.js';

const NOT_FOUND = 'No such user.';

/** An admin adds a teammate with a first password to hand over (they sign in with it). */
export const ZCreateUser = ZRegister.pick({ email: true, name: true }).extend({
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  role: z.enum(['admin', 'member']).default('member'),
});
export const ZUpdateUser = z
  .object({ role: z.enum(['admin', 'member']).optional(), name: ZRegister.shape.name.optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, 'nothing to update: send role or name');

/**
 * `/users`: the people of the caller's workspace. Everyone may list them; only admins add,
 * change and remove them. A workspace always keeps at least one admin, so nobody can
 * lock the team out (removing or demoting the last admin is a 409).
 */
export function userRoutes({ db }: ApiServices) {
  const lastAdminGuard = async (workspaceId: string, userId: string) => {
    const admins = await db.user.count({ where: { workspaceId, role: 'admin', id: { not: userId } } });
    if (admins === 0)
      throw new AppError('conflict', 'A workspace needs at least one admin: make someone else admin first.');
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const users = await db.user.findMany({
        where: { workspaceId: c.get('auth').workspaceId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return c.json({ items: users.map(toUserView) });
    })
    .post('/', requireRole('admin'), validate('json', ZCreateUser), async (c) => {
      const { workspaceId } = c.get('auth');
      const input = c.req.valid('json');
      try {
        const user = await db.user.create({
          data: {
            workspaceId,
            email: input.email,
            name: input.name,
            role: input.role,
            passwordHash: await hashPassword(input.password),
          },
        });
        c.get('logger').info({ userId: user.id, role: user.role }, 'user added');
        return c.json({ user: toUserView(user) }, 201);
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
          throw new AppError('conflict', 'That email already has an account.');
        throw error;
      }
    })
    .patch('/:id', requireRole('admin'), validate('json', ZUpdateUser), async (c) => {
      const { workspaceId } = c.get('auth');
      const id = ownedId(c.req.param('id'), NOT_FOUND);
      const input = c.req.valid('json');
      const user = await db.user.findFirst({ where: { id, workspaceId } });
      if (!user) throw new AppError('not_found', NOT_FOUND);
      if (user.role === 'admin' && input.role === 'member') await lastAdminGuard(workspaceId, id);
      const updated = await db.user.update({
        where: { id },
        data: { ...(input.role ? { role: input.role } : {}), ...(input.name ? { name: input.name } : {}) },
      });
      return c.json({ user: toUserView(updated) });
    })
    .delete('/:id', requireRole('admin'), async (c) => {
      const { workspaceId } = c.get('auth');
      const id = ownedId(c.req.param('id'), NOT_FOUND);
      const user = await db.user.findFirst({ where: { id, workspaceId } });
      if (!user) throw new AppError('not_found', NOT_FOUND);
      if (user.role === 'admin') await lastAdminGuard(workspaceId, id);
      // What they authored stays with the workspace, handed to the admin removing them.
      const heir = c.get('auth').userId;
      await db.$transaction([
        db.journey.updateMany({ where: { userId: id }, data: { userId: heir } }),
        db.campaign.updateMany({ where: { userId: id }, data: { userId: heir } }),
        db.run.updateMany({ where: { userId: id }, data: { userId: heir } }),
        db.template.updateMany({ where: { userId: id }, data: { userId: heir } }),
        db.user.delete({ where: { id } }),
      ]);
      return c.body(null, 204);
    });
}
