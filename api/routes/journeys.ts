import { MAX_JOURNEY_BYTES, MAX_JOURNEY_NODES } from '../../core/journey/constants.js';
import { createJourney } from '../../features/journeys/create-journey.js';
import { deleteJourney } from '../../features/journeys/delete-journey.js';
import { getJourney } from '../../features/journeys/get-journey.js';
import { listJourneyVersions } from '../../features/journeys/list-journey-versions.js';
import { listJourneys } from '../../features/journeys/list-journeys.js';
import { updateJourney } from '../../features/journeys/update-journey.js';
import type { ApiServices } from '../app.js';
import { requireRole } from '../middleware/auth.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import {
  ZCreateJourney,
  ZJourneyBody,
  ZJourneyIdParam,
  ZJourneyListQuery,
  ZJourneyPage,
  ZJourneyVersionPage,
  ZJourneyVersionQuery,
  ZUpdateJourney,
} from '../schemas/journeys.js';

const base = { tag: 'Journeys', access: 'session' } as const;
/** What even a draft may not be: the limits every contact's workflow input must fit in. */
const limits = `Even a draft is refused (400) past ${MAX_JOURNEY_NODES} nodes or ${MAX_JOURNEY_BYTES} bytes as JSON, or with a reply pattern RE2 cannot compile (lookarounds, backreferences).`;
const withProblems = json(ZJourneyBody, 'The journey and its problems.');

/** `/journeys`: CRUD on the caller's workspace's journeys. Mount behind requireAuth. */
export function journeyRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'createJourney',
        summary: 'Create a journey',
        description:
          "Drafts may be incomplete: the graph is checked loosely, and what stops it from launching comes back as `problems`. Only an admin may set `sendPolicy` (403 for a member): it overrides the workspace's. " +
          limits,
        request: { body: jsonBody(ZCreateJourney) },
        responses: { 201: withProblems },
        errors: [400, 403, 415],
      }),
      async (c) => c.json(await createJourney(db, c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listJourneys',
        summary: 'List journeys',
        description: 'Newest change first.',
        request: { query: ZJourneyListQuery },
        responses: { 200: json(ZJourneyPage, 'One page.') },
        errors: [400],
      }),
      async (c) => c.json(await listJourneys(db, c.get('auth').workspaceId, c.req.valid('query')), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}',
        operationId: 'getJourney',
        summary: 'Get a journey',
        request: { params: ZJourneyIdParam },
        responses: { 200: withProblems },
        errors: [404],
      }),
      async (c) => c.json(await getJourney(db, c.get('auth').workspaceId, c.req.valid('param').id), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}/versions',
        operationId: 'listJourneyVersions',
        summary: "List a journey's versions",
        description:
          'Newest first. A save of a journey without problems that changed it keeps a new version, as does a launch of a change not kept yet; runs point at the version they launched with, and POST /api/runs/{id}/migrate moves waiting contacts onto the newest.',
        request: { params: ZJourneyIdParam, query: ZJourneyVersionQuery },
        responses: { 200: json(ZJourneyVersionPage, 'One page.') },
        errors: [400, 404],
      }),
      async (c) =>
        c.json(
          await listJourneyVersions(db, c.get('auth').workspaceId, c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'put',
        path: '/{id}',
        operationId: 'updateJourney',
        summary: 'Update a journey',
        description:
          'Only the fields sent change. An `active` journey must have no problems. 409 when it changed meanwhile. Only an admin may change `sendPolicy` (403 for a member; sending it unchanged is fine). ' +
          limits,
        request: { params: ZJourneyIdParam, body: jsonBody(ZUpdateJourney) },
        responses: { 200: withProblems },
        errors: [400, 403, 404, 409, 415],
      }),
      async (c) => {
        return c.json(await updateJourney(db, c.get('auth'), c.req.valid('param').id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'delete',
        path: '/{id}',
        operationId: 'deleteJourney',
        summary: 'Delete a journey (admins)',
        description:
          'With its runs. 409 while a run of it is in flight: queued or running, or stopped but with contacts that have not ended or sends not yet decided. The message says how many; stop the runs and wait, or archive the journey.',
        middleware: requireRole('admin'),
        request: { params: ZJourneyIdParam },
        responses: { 204: { description: 'Deleted.' } },
        errors: [403, 404, 409],
      }),
      async (c) => {
        await deleteJourney(db, c.get('auth').workspaceId, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
