import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { TConfig } from '../../server/config.js';
import type { Db } from '../../server/db.js';
import { getRun } from '../../server/runs/get-run.js';
import { stopRun } from '../../server/runs/stop-run.js';
import { AppError } from '../app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { ownedId } from '../owned-id.js';

const CONTACT_STATES = ['queued', 'active', 'waiting', 'waiting_reply', 'done', 'failed', 'stopped'] as const;
export const ZRunListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});
export const ZRunContactsQuery = ZRunListQuery.extend({ state: z.enum(CONTACT_STATES).optional(), node: z.string().min(1).max(100).optional(), phone: z.string().min(1).max(20).optional() });

const runIdOf = (id: string) => ownedId(id, 'No such run.');

/** Runs of the caller's workspace: list, detail with counts, contacts with their paths, stop. */
export function runRoutes(deps: { config: TConfig; db: Db; temporal: Client }) {
  return new Hono<AppEnv>()
    .get('/', validate('query', ZRunListQuery), async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await deps.db.run.findMany({
        where: { workspaceId: c.get('auth').workspaceId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      return c.json({ items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]?.id : null });
    })
    .get('/:id', async (c) => {
      const run = await getRun(deps.db, c.get('auth').workspaceId, runIdOf(c.req.param('id')));
      if (!run) throw new AppError('not_found', 'No such run.');
      return c.json({ ...run, temporalUiUrl: `${deps.config.TEMPORAL_UI_URL}/namespaces/${deps.config.TEMPORAL_NAMESPACE}/workflows?query=${encodeURIComponent(`JourneyRunId="${run.id}"`)}` });
    })
    .get('/:id/contacts', validate('query', ZRunContactsQuery), async (c) => {
      const runId = runIdOf(c.req.param('id'));
      const { workspaceId } = c.get('auth');
      if (!(await deps.db.run.findFirst({ where: { id: runId, workspaceId }, select: { id: true } }))) throw new AppError('not_found', 'No such run.');
      const { limit, cursor, state, node, phone } = c.req.valid('query');
      const rows = await deps.db.contact.findMany({
        where: { runId, workspaceId, ...(state ? { state } : {}), ...(node ? { cursor: node } : {}), ...(phone ? { phone: { startsWith: phone } } : {}) },
        orderBy: { id: 'asc' },
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      return c.json({ items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]?.id : null });
    })
    .post('/:id/stop', async (c) => {
      const stopped = await stopRun(
        { db: deps.db, temporal: deps.temporal, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, batchSize: deps.config.LAUNCH_BATCH_SIZE },
        c.get('auth').workspaceId,
        runIdOf(c.req.param('id')),
        `stopped by ${c.get('auth').email}`,
      );
      if (!stopped) throw new AppError('not_found', 'No such run.');
      return c.json({ status: 'stopping' }, 202);
    });
}
