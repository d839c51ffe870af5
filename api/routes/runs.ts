import { getRunAnalytics } from '../../features/analytics/get-run-analytics.js';
import { getRun } from '../../features/runs/get-run.js';
import { getRunContact } from '../../features/runs/get-run-contact.js';
import { getRunGraph } from '../../features/runs/get-run-graph.js';
import { listRunContacts } from '../../features/runs/list-run-contacts.js';
import { listRuns } from '../../features/runs/list-runs.js';
import { migrateRun } from '../../features/runs/migrate-run.js';
import { loadMigrationTarget, planRunMigration } from '../../features/runs/plan-run-migration.js';
import { hasIntentClassifier } from '../../features/reply-intent/index.js';
import { stopRun } from '../../features/runs/stop-run.js';
import { temporalUiOf } from '../../infra/temporal-ui.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { page, ZPathId, ZStopping } from '../schemas/common.js';
import {
  ZContact,
  ZContactDetail,
  ZContactHistoryQuery,
  ZContactPath,
  ZMigrateRun,
  ZMigration,
  ZRun,
  ZRunContactsQuery,
  ZRunAnalytics,
  ZRunDetail,
  ZRunGraph,
  ZRunListQuery,
} from '../schemas/runs.js';

const base = { tag: 'Runs', access: 'session' } as const;

/**
 * Runs of the caller's workspace: list, detail with counts, the frozen graph, contacts with
 * their paths and Temporal UI links (one with its messages), analytics, stop.
 */
export function runRoutes({ config, db, temporal }: ApiServices) {
  const ui = temporalUiOf(config);
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listRuns',
        summary: 'List runs',
        description:
          'Newest first. Test sends (POST /api/journeys/{id}/test) are listed too, marked `isTest`; `test=false` leaves them out, as analytics do.',
        request: { query: ZRunListQuery },
        responses: { 200: json(page(ZRun), 'One page.') },
        errors: [400],
      }),
      async (c) => c.json(await listRuns(db, c.get('auth').workspaceId, c.req.valid('query')), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}',
        operationId: 'getRun',
        summary: 'Get a run with its counts',
        request: { params: ZPathId },
        responses: { 200: json(ZRunDetail, 'The run.') },
        errors: [404],
      }),
      async (c) => c.json(await getRun({ db, ui }, c.get('auth').workspaceId, c.req.valid('param').id), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}/contacts',
        operationId: 'listRunContacts',
        summary: "List a run's contacts with their paths",
        description: 'Filter by `state`, current `node` or `phone` prefix.',
        request: { params: ZPathId, query: ZRunContactsQuery },
        responses: { 200: json(page(ZContact), 'One page, by contact id.') },
        errors: [400, 404],
      }),
      async (c) => {
        const { workspaceId } = c.get('auth');
        return c.json(
          await listRunContacts({ db, ui }, workspaceId, c.req.valid('param').id, c.req.valid('query')),
          200,
        );
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}/contacts/{contactId}',
        operationId: 'getRunContact',
        summary: 'Get one contact of a run with its messages',
        description:
          "With the latest page of its history; `historyBefore` pages back. 404 for a contact of another run, or of another workspace's.",
        request: { params: ZContactPath, query: ZContactHistoryQuery },
        responses: { 200: json(ZContactDetail, 'The contact.') },
        errors: [400, 404],
      }),
      async (c) => {
        const { id, contactId } = c.req.valid('param');
        const { workspaceId } = c.get('auth');
        return c.json(await getRunContact({ db, ui }, workspaceId, id, contactId, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}/graph',
        operationId: 'getRunGraph',
        summary: 'The journey graph a run walks',
        description: 'The immutable version the run was launched with, for drawing its dashboard.',
        request: { params: ZPathId },
        responses: { 200: json(ZRunGraph, 'The frozen graph.') },
        errors: [404],
      }),
      async (c) => c.json(await getRunGraph(db, c.get('auth').workspaceId, c.req.valid('param').id), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}/analytics',
        operationId: 'getRunAnalytics',
        summary: "A run's funnel, split tests, replies and activity over time",
        description:
          "Per node: contacts that entered, its messages sent, delivered and failed, replies (wait-for-reply nodes) and conversions to the journey's goal. Per split: each branch's conversion rate and the p-value of the test between branches. Per wait-for-reply node: reply rate and time to reply. Sends and replies per time bucket. Aggregated in the database from the run's contacts and messages.",
        request: { params: ZPathId },
        responses: { 200: json(ZRunAnalytics, 'The analytics.') },
        errors: [404],
      }),
      async (c) => c.json(await getRunAnalytics(db, c.get('auth').workspaceId, c.req.valid('param').id), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/{id}/migrate',
        operationId: 'migrateRun',
        summary: "Move a run's waiting contacts onto the journey's newest version",
        description:
          "Live edits. A contact moves only where it is safe: it waits at a wait or wait-for-reply node that the newest version has with the same id and type; its timer or reply deadline keeps running as it was, and a message it was sent is never sent again. The others stay on their version, counted by node with the reason. Each contact's own workflow decides (the `migrate` update); the `run-{id}-migrate-v{N}` workflow asks them a page of contacts at a time, and the call returns its counts once every waiting contact has been asked. If the call is cut short the move goes on, and the same request joins it. `dryRun: true` answers the plan from the contacts' progress in Postgres, asking no workflow. 409 for a run that has ended.",
        request: { params: ZPathId, body: jsonBody(ZMigrateRun) },
        responses: { 200: json(ZMigration, 'What moved (or would move) and what stays.') },
        errors: [400, 404, 409, 415],
      }),
      async (c) => {
        const { workspaceId } = c.get('auth');
        const { dryRun } = c.req.valid('json');
        const target = await loadMigrationTarget(db, workspaceId, c.req.valid('param').id, {
          hasIntentClassifier: hasIntentClassifier(config),
        });
        const deps = { temporal, taskQueue: config.TEMPORAL_TASK_QUEUE };
        const result = dryRun ? await planRunMigration(target, db) : await migrateRun(deps, target);
        return c.json({ dryRun, ...result }, 200);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/{id}/stop',
        operationId: 'stopRun',
        summary: 'Stop a run',
        description: 'No further contacts start; every contact that has not ended is stopped. Idempotent.',
        request: { params: ZPathId },
        responses: { 202: json(ZStopping, 'Stopping in the background.') },
        errors: [404],
      }),
      async (c) => {
        const { workspaceId, email } = c.get('auth');
        const deps = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, batchSize: config.LAUNCH_BATCH_SIZE };
        await stopRun(deps, workspaceId, c.req.valid('param').id, `stopped by ${email}`);
        return c.json({ status: 'stopping' as const }, 202);
      },
    );
}
