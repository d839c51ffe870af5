import { z } from 'zod';
import { ContactState, RunStatus } from '../../infra/db.js';
import type { RunCounts } from '../../features/runs/get-run.js';
import { HISTORY_RING_SIZE, type THistoryEntry } from '../../workflows/contract/index.js';
import { ZJourneyGoal } from '../../core/journey/goal.js';
import { pageQuery, ZTimestamp, ZUuid } from './common.js';
import { ZMessage } from './messages.js';

const CONTACT_STATES = ['queued', 'active', 'waiting', 'waiting_reply', 'done', 'failed', 'stopped'] as const;
const ZRunPageQuery = pageQuery(200, z.uuid());
export const ZRunListQuery = ZRunPageQuery.extend({
  test: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('`true`: only test sends; `false`: only launches (what analytics count); omitted: both.'),
});
export const ZRunContactsQuery = ZRunPageQuery.extend({
  state: z.enum(CONTACT_STATES).optional(),
  node: z.string().min(1).max(100).optional(),
  phone: z.string().min(1).max(20).optional(),
});

/** How a test send shortens its waits (TTestSend). */
export const ZTestTiming = z
  .object({
    waitSeconds: z.int().describe('Each wait of the journey lasts at most this long.'),
    replyTimeoutSeconds: z.int().describe('Each wait for a reply times out after at most this long.'),
  })
  .meta({ id: 'TestTiming' });

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
    isTest: z
      .boolean()
      .describe(
        "A test send (POST /api/journeys/{id}/test): one contact, the tester's phone, waits shortened; left out of analytics and frequency caps.",
      ),
    testTiming: ZTestTiming.nullable().describe('How a test run shortens its waits; null for a launch.'),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Run' });

const ZCountMap = z.record(z.string(), z.int());
export const ZRunDetail = ZRun.extend({
  counts: z.object({
    byState: ZCountMap.describe('Contacts per state.'),
    atNode: ZCountMap.describe('Contacts at each node now (not ended).'),
    visitedNode: ZCountMap.describe('Contacts that have visited each node.'),
    byVersion: ZCountMap.describe('Contacts not ended, by the journey version they walk.'),
  }) satisfies z.ZodType<RunCounts>,
  version: z.int().describe('The journey version the run was launched with.'),
  latestVersion: z
    .int()
    .describe(
      'The newest saved version of its journey. Greater than `version`: the journey was edited since, and POST /api/runs/{id}/migrate can move waiting contacts onto it.',
    ),
  temporalUiUrl: z.string().describe("Temporal UI, filtered to this run's workflows."),
}).meta({ id: 'RunDetail' });

const ZHistoryEntry = z.object({
  at: ZTimestamp,
  kind: z
    .enum([
      'visit',
      'sent',
      'send_failed',
      'send_skipped',
      'send_deferred',
      'reply',
      'branch',
      'stopped',
      'wait_shortened',
      'migrated',
    ])
    .describe(
      '`wait_shortened`: a test send waited less than the node says; `detail` says how long. `migrated`: the contact moved onto a newer journey version where it waited (POST /api/runs/{id}/migrate); `detail`: `version N`.',
    ),
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
    history: z
      .array(ZHistoryEntry)
      .describe(`The path so far, oldest first: its latest ${HISTORY_RING_SIZE} steps at most.`),
    historyDropped: z.int().describe('Steps of the path dropped before `history`, oldest first, to keep it bounded.'),
    lastInbound: z.looseObject({}).nullable(),
    wait: z.looseObject({}).nullable(),
    error: z.string().nullable(),
    isTest: z.boolean().describe('The contact of a test send.'),
    journeyVersion: z
      .int()
      .nullable()
      .describe(
        'The journey version the contact walks once moved onto a newer one (POST /api/runs/{id}/migrate); null: the run version.',
      ),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
    endedAt: ZTimestamp.nullable(),
    workflowId: z.string().describe("The contact's workflow id in Temporal: `run-<runId>-contact-<contactId>`."),
    temporalUiUrl: z.string().describe("That workflow's page in Temporal UI."),
  })
  .meta({ id: 'Contact' });

/** Which page of one contact's history GET /api/runs/{id}/contacts/{contactId} answers. */
export const ZContactHistoryQuery = z.object({
  historyLimit: z.coerce
    .number()
    .int()
    .min(1)
    .max(HISTORY_RING_SIZE)
    .default(50)
    .describe('Steps of the history per page.'),
  historyBefore: z
    .string()
    .regex(/^\d{1,10}$/, 'must be `historyBefore` of an earlier answer, unchanged (a whole number)')
    .transform(Number)
    .optional()
    .describe('`historyBefore` of an earlier answer: the page of steps before it. Omit for the latest page.'),
});

export const ZContactDetail = ZContact.extend({
  history: z
    .array(ZHistoryEntry)
    .describe('One page of the path, oldest first: the latest steps, or those before `historyBefore` when asked.'),
  historyBefore: z
    .string()
    .nullable()
    .describe('Pass back as `historyBefore` for the steps before this page; null when no older step is kept.'),
  historyTotal: z.int().describe('Steps in the whole path, dropped ones included.'),
  messages: z
    .array(ZMessage)
    .describe("The contact's outbound messages with delivery status, oldest first (the latest 500)."),
}).meta({ id: 'ContactDetail' });

export const ZRunGraph = z
  .object({
    journeyId: ZUuid,
    versionId: ZUuid.describe('The frozen journey version the run walks (the journey may have been edited since).'),
    version: z.int(),
    name: z.string(),
    nodes: z.array(z.looseObject({})).describe('As launched: see JourneyNode.'),
    edges: z.array(z.looseObject({})).describe('As launched: see JourneyEdge.'),
    goal: ZJourneyGoal.nullable().describe('The goal as launched; null when the journey had none.'),
  })
  .meta({ id: 'RunGraph' });

export const ZContactPath = z.object({
  id: z.string().describe('The run id (a UUID).'),
  contactId: z.string().describe('The contact id (a UUID).'),
});

const ZRate = z.number().nullable();

export const ZRunAnalytics = z
  .object({
    runId: ZUuid,
    goal: ZJourneyGoal.nullable().describe("The run's goal as launched; null: none, and nothing converts."),
    contacts: z.int().describe("The run's contacts."),
    converted: z.int().describe('Contacts that reached the goal within its window (each once).'),
    nodes: z
      .array(
        z.object({
          nodeId: z.string(),
          type: z.string(),
          entered: z.int().describe('Contacts that visited the node (once each, however often).'),
          sent: z.int().describe('Its messages Twilio took (MessageLog `sentAt` set; retries count once).'),
          delivered: z.int().describe('Its messages delivered or read.'),
          failed: z.int().describe('Its messages failed or undelivered.'),
          replied: z
            .int()
            .nullable()
            .describe(
              'Wait-for-reply nodes: contacts that replied while waiting there, or whose reply took one of its reply branches (or `noMatch`), a reply kept from just before they arrived included. Null for other nodes.',
            ),
          converted: z.int().describe('Converted contacts that visited the node.'),
        }),
      )
      .describe('Every node of the version, in its order.'),
    splits: z
      .array(
        z.object({
          nodeId: z.string(),
          type: z.enum(['split', 'condition']),
          branches: z.array(
            z.object({
              branchId: z.string().describe('The branch (split) or rule id, or `else` (condition).'),
              contacts: z.int(),
              converted: z.int(),
              conversionRate: ZRate.describe('converted / contacts; null without contacts.'),
            }),
          ),
          test: z
            .enum(['z', 'chi_square', 'fisher'])
            .nullable()
            .describe(
              "Splits with a goal, once two branches have contacts: two branches, the pooled two-proportion z-test, or Fisher's exact test when an expected count is below 5; more, the chi-square test of independence. Null for conditions (their branches differ by design, not at random) and when there is nothing to test.",
            ),
          statistic: z.number().nullable().describe('z, or X-squared; null for Fisher.'),
          pValue: ZRate.describe('Two-sided.'),
          significant: z.boolean().describe('pValue below 0.05.'),
        }),
      )
      .describe('Split and condition nodes.'),
    waits: z.array(
      z.object({
        nodeId: z.string(),
        entered: z.int(),
        replied: z.int(),
        replyRate: ZRate.describe('replied / entered.'),
        medianSeconds: ZRate.describe('Time to reply, from the latest message sent to the contact before the reply.'),
        p90Seconds: ZRate,
      }),
    ),
    bucketSeconds: z
      .int()
      .describe("The width of each `series` bucket, chosen from the run's span (at most 60 buckets)."),
    series: z
      .array(z.object({ start: ZTimestamp, sent: z.int(), replies: z.int() }))
      .describe("Messages Twilio took and replies received per bucket, from the run's start to its end (or now)."),
  })
  .meta({ id: 'RunAnalytics' });

// Strict: a field it does not know is refused, so nothing smuggled (a version, contact ids) is ever read.
export const ZMigrateRun = z
  .strictObject({
    dryRun: z
      .boolean()
      .default(false)
      .describe('Only plan: count what would move and what would stay, from the contacts as Postgres shows them.'),
  })
  .meta({ id: 'MigrateRunRequest' });

const STAY_REASON_CODES = [
  'node_removed',
  'node_changed_type',
  'sending',
  'not_started',
  'busy',
  'already_moved',
] as const;

export const ZMigration = z
  .object({
    dryRun: z.boolean(),
    version: z.int().describe("The version contacts move onto: the journey's newest kept version."),
    moved: z.int().describe('Contacts moved onto `version` (on a dry run: that would move).'),
    current: z.int().describe('Contacts not ended that already walk `version`.'),
    staying: z
      .array(
        z.object({
          nodeId: z.string().describe('Where they are.'),
          count: z.int(),
          reason: z
            .enum(STAY_REASON_CODES)
            .describe(
              '`node_removed` / `node_changed_type`: the new version has no node of that id and type; `sending`: at a message node, whose send is on its way from the old version (it can move once it waits at a later node); `not_started`: not started yet, starts on the run version; `busy`: between two steps, try again; `already_moved` is counted in `current`, never here.',
            ),
          message: z.string().describe('The reason, for a person.'),
        }),
      )
      .describe('Contacts that stay on their version, by node and reason, most first.'),
  })
  .meta({ id: 'Migration' });
