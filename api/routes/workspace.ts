import { Hono } from 'hono';
import { z } from 'zod';
import { ZSendPolicyLayer } from '../../core/index.js';
import { Prisma, type Db } from '../../infra/db.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';

/** The workspace's own layer of the send policy; unlike a journey's, unknown fields are refused. */
export const ZWorkspaceSendPolicy = ZSendPolicyLayer.strict();

const E164 = /^\+[1-9]\d{6,14}$/;
/** Set a channel's number, or null to go back to the deployment's default sender. */
export const ZSenders = z
  .object({
    sms: z.string().regex(E164, 'an E.164 number, e.g. "+14155550100"').nullable().optional(),
    whatsapp: z
      .string()
      .regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'a WhatsApp address, e.g. "whatsapp:+14155550100"')
      .nullable()
      .optional(),
  })
  .strict();

async function workspaceView(db: Db, workspaceId: string) {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    include: { senders: { select: { channel: true, address: true } } },
  });
  const senders = Object.fromEntries(workspace.senders.map((s) => [s.channel, s.address]));
  return { workspace: { id: workspace.id, name: workspace.name, sendPolicy: workspace.sendPolicy, senders } };
}

/**
 * `/workspace`: the caller's workspace, its send policy (send window, time zone, frequency
 * cap; journeys override it field by field) and the numbers it sends from (replies and
 * STOPs to a number reach its workspace only). Only admins change them; a policy change
 * applies to contacts started after it.
 */
export function workspaceRoutes({ db }: ApiServices) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await workspaceView(db, c.get('auth').workspaceId)))
    .put('/send-policy', requireRole('admin'), validate('json', ZWorkspaceSendPolicy), async (c) => {
      const { workspaceId } = c.get('auth');
      await db.workspace.update({ where: { id: workspaceId }, data: { sendPolicy: c.req.valid('json') } });
      return c.json(await workspaceView(db, workspaceId));
    })
    .put('/senders', requireRole('admin'), validate('json', ZSenders), async (c) => {
      const { workspaceId } = c.get('auth');
      const input = c.req.valid('json');
      try {
        await db.$transaction(async (tx) => {
          for (const channel of ['sms', 'whatsapp'] as const) {
            const address = input[channel];
            if (address === undefined) continue;
            if (address === null) await tx.workspaceSender.deleteMany({ where: { workspaceId, channel } });
            else
              await tx.workspaceSender.upsert({
                where: { workspaceId_channel: { workspaceId, channel } },
                create: { workspaceId, channel, address },
                update: { address },
              });
          }
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new AppError('conflict', 'That number already belongs to another workspace.');
        }
        throw error;
      }
      return c.json(await workspaceView(db, workspaceId));
    });
}
