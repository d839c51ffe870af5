import { z } from 'zod';
import { ZSendPolicyLayer } from '../../../core/index.js';
import { ZProblem } from '../../../core/journey/problems.js';
import { JourneyStatus } from '../../../infra/db.js';
import { ZCreateJourney, ZJourneyIdParam, ZJourneyListQuery, ZUpdateJourney } from '../../routes/journeys.js';
import { ZJsonLaunch, ZLaunchFormFields, ZLaunchQuery } from '../../routes/launch.js';
import { page, ZAudienceRejection, ZCsvFile, ZTimestamp, ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

const ZGraphItems = z
  .array(z.looseObject({}))
  .describe('As saved: see JourneyNode and JourneyEdge for what a launchable journey holds.');

const ZJourney = z
  .object({
    id: ZUuid,
    name: z.string(),
    status: z.enum(JourneyStatus),
    nodes: ZGraphItems,
    edges: ZGraphItems,
    sendPolicy: ZSendPolicyLayer,
    userId: ZUuid,
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Journey' });

export const ZJourneyBody = z
  .object({
    journey: ZJourney,
    problems: z.array(ZProblem).describe('What stops it from launching; empty when it can be launched.'),
  })
  .meta({ id: 'JourneyWithProblems' });

export const ZJourneyPage = page(
  z.object({
    id: ZUuid,
    name: z.string(),
    status: z.enum(JourneyStatus),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
    nodeCount: z.int(),
  }),
);

export const ZLaunchAccepted = z.object({
  runId: ZUuid,
  version: z.int().describe('The journey version the run is pinned to.'),
  accepted: z.int(),
  rejected: z.array(ZAudienceRejection),
});

export const ZLaunchPreview = z
  .object({
    dryRun: z.literal(true),
    total: z.int().describe('Rows in the audience: accepted + rejected.'),
    accepted: z.int().describe('Contacts the launch would start.'),
    rejected: z.array(ZAudienceRejection),
  })
  .meta({ id: 'LaunchPreview' });

const body = { 'application/json': ZJourneyBody };
const base = { tag: 'Journeys', security: 'bearer' } as const;

export const JOURNEY_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'post',
    path: '/api/journeys',
    operationId: 'createJourney',
    summary: 'Create a journey',
    description:
      'Drafts may be incomplete: the graph is checked loosely, and what stops it from launching comes back as `problems`.',
    request: { body: { 'application/json': ZCreateJourney } },
    success: { status: 201, description: 'The journey and its problems.', content: body },
    errors: [400, 415],
  },
  {
    ...base,
    method: 'get',
    path: '/api/journeys',
    operationId: 'listJourneys',
    summary: 'List journeys',
    description: 'Newest change first.',
    request: { query: ZJourneyListQuery },
    success: { status: 200, description: 'One page.', content: { 'application/json': ZJourneyPage } },
    errors: [400],
  },
  {
    ...base,
    method: 'get',
    path: '/api/journeys/{id}',
    operationId: 'getJourney',
    summary: 'Get a journey',
    request: { path: ZJourneyIdParam },
    success: { status: 200, description: 'The journey and its problems.', content: body },
    errors: [404],
  },
  {
    ...base,
    method: 'put',
    path: '/api/journeys/{id}',
    operationId: 'updateJourney',
    summary: 'Update a journey',
    description:
      'Only the fields sent change. An `active` journey must have no problems. 409 when it changed meanwhile.',
    request: { path: ZJourneyIdParam, body: { 'application/json': ZUpdateJourney } },
    success: { status: 200, description: 'The journey and its problems.', content: body },
    errors: [400, 404, 409, 415],
  },
  {
    ...base,
    method: 'delete',
    path: '/api/journeys/{id}',
    operationId: 'deleteJourney',
    summary: 'Delete a journey (admins)',
    description: 'With its runs. 409 while a run is queued or running: stop it, or archive the journey.',
    request: { path: ZJourneyIdParam },
    success: { status: 204, description: 'Deleted.' },
    errors: [403, 404, 409],
  },
  {
    ...base,
    method: 'post',
    path: '/api/journeys/{id}/launch',
    operationId: 'launchJourney',
    summary: 'Launch a journey against an audience',
    description:
      'The audience as JSON, a CSV upload (multipart field `file`) or a `text/csv` body. Answers at once; contacts start in the background. Opted-out and invalid rows come back in `rejected`. ' +
      'With `?dryRun=true`, the same checks answer 200 with what the launch would accept, and nothing is created or started; a dry run is refused exactly when the launch would be (400 for journey problems, or when no contact can be launched, with `details.rejected`).',
    request: {
      path: ZJourneyIdParam,
      query: ZLaunchQuery,
      body: {
        'application/json': ZJsonLaunch,
        'multipart/form-data': ZLaunchFormFields.extend({ file: ZCsvFile }),
        'text/csv': z.string(),
      },
    },
    success: { status: 202, description: 'The run was created.', content: { 'application/json': ZLaunchAccepted } },
    otherSuccesses: [
      {
        status: 200,
        description: '`dryRun=true`: what the launch would do; nothing was created.',
        content: { 'application/json': ZLaunchPreview },
      },
    ],
    errors: [400, 404, 415],
  },
];
