import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { TConfig } from '../../infra/config.js';
import type { Db } from '../../infra/db.js';
import { withContactLinks } from '../../features/runs/contact-links.js';
import { getRun } from '../../features/runs/get-run.js';
import { getRunContact } from '../../features/runs/get-run-contact.js';
import { stopRun } from '../../features/runs/stop-run.js';
import { temporalUiOf, workflowListUrl } from '../../infra/temporal-ui.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { ownedId } from '../owned-id.js';

const CONTACT_STATES = ['queued', 'active', 'waiting', 'waiting_reply', 'done', 'failed', 'stopped'] as const;
export const ZRunListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});
export const ZRunContactsQuery = ZRunListQuery.extend({
  state: z.enum(CONTACT_STATES).optional(),
  node: z.string().min(1).max(100).optional(),
  phone: z.string().min(1).max(20).optional(),
});

const NO_SUCH_RUN = 'No such run.';
const NO_SUCH_CONTACT = 'No such contact in this run.';
const runIdOf = (id: string) => ownedId(id, NO_SUCH_RUN);

/** Throws the 404 of a run that is not the workspace's; checked first, so a foreign run's contact ids reveal nothing. */
async function requireRun(db: Db, workspaceId: string, id: string): Promise<string> {
  const runId = runIdOf(id);
  if (!(await db.run.findFirst({ where: { id: runId, workspaceId }, select: { id: true } })))
    throw new AppError('not_found', NO_SUCH_RUN);
  return runId;
}

/**
 * Runs of the caller's workspace: list, detail with counts, the frozen graph, contacts with
 * their paths and Temporal UI links (one with its messages), stop.
 */
export function runRoutes(deps: { config: TConfig; db: Db; temporal: Client }) {
  const ui = temporalUiOf(deps.config);
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
      if (!run) throw new AppError('not_found', NO_SUCH_RUN);
      return c.json({ ...run, temporalUiUrl: workflowListUrl(ui, `JourneyRunId="${run.id}"`) });
    })
    .get('/:id/graph', async (c) => {
      const run = await deps.db.run.findFirst({
        where: { id: runIdOf(c.req.param('id')), workspaceId: c.get('auth').workspaceId },
        select: {
          journeyId: true,
          journeyVersion: { select: { id: true, version: true, name: true, nodes: true, edges: true } },
        },
      });
      if (!run) throw new AppError('not_found', NO_SUCH_RUN);
      // The version the run's contacts walk, not the journey as edited since.
      const { id: versionId, version, name, nodes, edges } = run.journeyVersion;
      return c.json({ journeyId: run.journeyId, versionId, version, name, nodes, edges });
    })
    .get('/:id/contacts', validate('query', ZRunContactsQuery), async (c) => {
      const { workspaceId } = c.get('auth');
      const runId = await requireRun(deps.db, workspaceId, c.req.param('id'));
      const { limit, cursor, state, node, phone } = c.req.valid('query');
      const rows = await deps.db.contact.findMany({
        where: {
          runId,
          workspaceId,
          ...(state ? { state } : {}),
          ...(node ? { cursor: node } : {}),
          ...(phone ? { phone: { startsWith: phone } } : {}),
        },
        orderBy: { id: 'asc' },
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      return c.json({
        items: rows.slice(0, limit).map((row) => withContactLinks(row, ui)),
        nextCursor: rows.length > limit ? rows[limit - 1]?.id : null,
      });
    })
    .get('/:id/contacts/:contactId', async (c) => {
      const { workspaceId } = c.get('auth');
      const runId = await requireRun(deps.db, workspaceId, c.req.param('id'));
      const found = await getRunContact(
        deps.db,
        workspaceId,
        runId,
        ownedId(c.req.param('contactId'), NO_SUCH_CONTACT),
      );
      if (!found) throw new AppError('not_found', NO_SUCH_CONTACT);
      return c.json({ ...withContactLinks(found.contact, ui), messages: found.messages });
    })
    .post('/:id/stop', async (c) => {
      const stopped = await stopRun(
        {
          db: deps.db,
          temporal: deps.temporal,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          batchSize: deps.config.LAUNCH_BATCH_SIZE,
        },
        c.get('auth').workspaceId,
        runIdOf(c.req.param('id')),
        `stopped by ${c.get('auth').email}`,
      );
      if (!stopped) throw new AppError('not_found', NO_SUCH_RUN);
      return c.json({ status: 'stopping' }, 202);
    });
}
