import { z } from 'zod';
import { ContactState, RunStatus } from '../../../infra/db.js';
import type { RunCounts } from '../../../features/runs/get-run.js';
import type { THistoryEntry } from '../../../workflows/contract/index.js';
import { ZRunContactsQuery, ZRunListQuery } from '../../routes/runs.js';
import { page, ZPathId, ZStopping, ZTimestamp, ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';
import { ZMessage } from './messages.js';

export const ZRun = z
  .object({
    id: ZUuid,
    workspaceId: ZUuid,
    userId: ZUuid,
    journeyId: ZUuid,
    journeyVersionId: ZUuid,
    journeyName: z.string(),
    status: z.enum(RunStatus),
    total: z.int(),
    launched: z.int().describe('Contacts whose workflow has been started.'),
    processed: z.int().describe('Contacts that have ended.'),
    startedAt: ZTimestamp.nullable(),
    endedAt: ZTimestamp.nullable(),
    error: z.string().nullable(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Run' });

const ZCountMap = z.record(z.string(), z.int());
export const ZRunDetail = ZRun.extend({
  counts: z.object({
    byState: ZCountMap.describe('Contacts per state.'),
    atNode: ZCountMap.describe('Contacts at each node now (not ended).'),
    visitedNode: ZCountMap.describe('Contacts that have visited each node.'),
  }) satisfies z.ZodType<RunCounts>,
  temporalUiUrl: z.string().describe("Temporal UI, filtered to this run's workflows."),
}).meta({ id: 'RunDetail' });

const ZHistoryEntry = z.object({
  at: ZTimestamp,
  kind: z.enum(['visit', 'sent', 'send_failed', 'send_skipped', 'send_deferred', 'reply', 'branch', 'stopped']),
  nodeId: z.string().optional(),
  detail: z.string().optional(),
  messageSid: z.string().optional(),
  errorCode: z.int().optional(),
  attempts: z.int().optional(),
}) satisfies z.ZodType<THistoryEntry>;

export const ZContact = z
  .object({
    id: ZUuid,
    runId: ZUuid,
    workspaceId: ZUuid,
    phone: z.string().describe('E.164.'),
    vars: z.record(z.string(), z.string()),
    cursor: z.string().nullable().describe('The node the contact is at.'),
    state: z.enum(ContactState),
    history: z.array(ZHistoryEntry).describe('The path so far, oldest first.'),
    lastInbound: z.looseObject({}).nullable(),
    wait: z.looseObject({}).nullable(),
    error: z.string().nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
    endedAt: ZTimestamp.nullable(),
    workflowId: z.string().describe("The contact's workflow id in Temporal: `run-<runId>-contact-<contactId>`."),
    temporalUiUrl: z.string().describe("That workflow's page in Temporal UI."),
  })
  .meta({ id: 'Contact' });

export const ZContactDetail = ZContact.extend({
  messages: z
    .array(ZMessage)
    .describe("The contact's outbound messages with delivery status, oldest first (the latest 500)."),
}).meta({ id: 'ContactDetail' });

const ZRunGraph = z
  .object({
    journeyId: ZUuid,
    versionId: ZUuid.describe('The frozen journey version the run walks (the journey may have been edited since).'),
    version: z.int(),
    name: z.string(),
    nodes: z.array(z.looseObject({})).describe('As launched: see JourneyNode.'),
    edges: z.array(z.looseObject({})).describe('As launched: see JourneyEdge.'),
  })
  .meta({ id: 'RunGraph' });

const ZContactPath = z.object({
  id: z.string().describe('The run id (a UUID).'),
  contactId: z.string().describe('The contact id (a UUID).'),
});

const base = { tag: 'Runs', security: 'bearer' } as const;

export const RUN_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'get',
    path: '/api/runs',
    operationId: 'listRuns',
    summary: 'List runs',
    description: 'Newest first.',
    request: { query: ZRunListQuery },
    success: { status: 200, description: 'One page.', content: { 'application/json': page(ZRun) } },
    errors: [400],
  },
  {
    ...base,
    method: 'get',
    path: '/api/runs/{id}',
    operationId: 'getRun',
    summary: 'Get a run with its counts',
    request: { path: ZPathId },
    success: { status: 200, description: 'The run.', content: { 'application/json': ZRunDetail } },
    errors: [404],
  },
  {
    ...base,
    method: 'get',
    path: '/api/runs/{id}/contacts',
    operationId: 'listRunContacts',
    summary: "List a run's contacts with their paths",
    description: 'Filter by `state`, current `node` or `phone` prefix.',
    request: { path: ZPathId, query: ZRunContactsQuery },
    success: { status: 200, description: 'One page, by contact id.', content: { 'application/json': page(ZContact) } },
    errors: [400, 404],
  },
  {
    ...base,
    method: 'get',
    path: '/api/runs/{id}/contacts/{contactId}',
    operationId: 'getRunContact',
    summary: 'Get one contact of a run with its messages',
    description: "404 for a contact of another run, or of another workspace's.",
    request: { path: ZContactPath },
    success: { status: 200, description: 'The contact.', content: { 'application/json': ZContactDetail } },
    errors: [404],
  },
  {
    ...base,
    method: 'get',
    path: '/api/runs/{id}/graph',
    operationId: 'getRunGraph',
    summary: 'The journey graph a run walks',
    description: 'The immutable version the run was launched with, for drawing its dashboard.',
    request: { path: ZPathId },
    success: { status: 200, description: 'The frozen graph.', content: { 'application/json': ZRunGraph } },
    errors: [404],
  },
  {
    ...base,
    method: 'post',
    path: '/api/runs/{id}/stop',
    operationId: 'stopRun',
    summary: 'Stop a run',
    description: 'No further contacts start; every contact that has not ended is stopped. Idempotent.',
    request: { path: ZPathId },
    success: { status: 202, description: 'Stopping in the background.', content: { 'application/json': ZStopping } },
    errors: [404],
  },
];
