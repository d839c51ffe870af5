import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { workspaceTaskPriority } from '../../core/fair-share.js';
import { buildGraph, nextNodeId } from '../../core/journey/graph.js';
import { ZJourney } from '../../core/journey/schema.js';
import { mergeSendPolicies, ZSendPolicyLayer, type TSendPolicy } from '../../core/policy/index.js';
import type { Db } from '../../infra/db.js';
import type { TMessageQueue } from '../../outbound/message-job.js';
import { queueFirstSends, recordFirstSends } from '../../outbound/queue-first-sends.js';
import { recordStartedProgress } from '../runs/record-started-progress.js';
import {
  CONTACT_VERSION,
  ContactPhoneKey,
  contactWorkflowId,
  JourneyIdKey,
  JourneyNodeKey,
  planFirstSend,
  RunIdKey,
  RunKindKey,
  WorkspaceIdKey,
  type BatchInput,
  type BatchResult,
  type TContactJourneyInput,
  type TTestSend,
} from '../../workflows/contract/index.js';

export interface StartBatchDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** The `messages` queue: a contact whose first step is a message gets it queued here. */
  queue: TMessageQueue;
  namespace: string;
  /** Operator-set workspace weights (FAIR_SHARE_WEIGHTS): contacts' share of the task queue. */
  weights?: Readonly<Record<string, number>>;
}

/**
 * Starts the contact workflows of one batch. Idempotent: each workflow id is derived from
 * the run and contact and may be used once, so a retried batch skips the ones it started.
 *
 * A contact whose first step is a message it can send now (planFirstSend) gets that send
 * recorded and queued here, for the whole batch in a few statements, instead of by a local
 * activity of its own: the rows and the contacts' progress before the starts, the jobs
 * after, so an outcome never reaches a contact that is not running yet.
 */
export async function startContactBatch(deps: StartBatchDeps, input: BatchInput): Promise<BatchResult> {
  const run = await deps.db.run.findUniqueOrThrow({
    where: { id: input.runId },
    include: { journeyVersion: true, workspace: { select: { sendPolicy: true } } },
  });
  if (run.status === 'stopped' || run.status === 'failed') return { started: 0, stopped: true };
  if (run.status === 'queued') {
    await deps.db.run.updateMany({
      where: { id: run.id, status: 'queued' },
      data: { status: 'running', startedAt: new Date() },
    });
  }
  const contacts = await deps.db.contact.findMany({
    where: { runId: run.id, ...(input.afterContactId ? { id: { gt: input.afterContactId } } : {}) },
    orderBy: { id: 'asc' },
    take: input.limit,
    select: { id: true, phone: true, vars: true },
  });
  if (contacts.length === 0) return { started: 0, stopped: false };
  const journey = ZJourney.parse({
    name: run.journeyVersion.name,
    nodes: run.journeyVersion.nodes,
    edges: run.journeyVersion.edges,
  });
  const test = testOf(run);
  // A test send goes now, to the tester: no send window to wait for, and no frequency cap
  // to count toward or be held by. Opt-outs still hold: they are checked at every send.
  const sendPolicy = test ? undefined : effectivePolicy(run.workspace.sendPolicy, run.journeyVersion.sendPolicy);
  // Where a contact stands once it has started: version 2 contacts index JourneyNode only
  // where they wait, so the first step is set here, with the other attributes, for free.
  const graph = buildGraph(journey);
  const firstNode = (graph.startId && nextNodeId(graph, graph.startId)) || 'start';

  const now = Date.now();
  const planned = contacts.map((contact) => {
    const workflowId = contactWorkflowId(run.id, contact.id);
    const args: TContactJourneyInput = {
      version: CONTACT_VERSION,
      workspaceId: run.workspaceId,
      runId: run.id,
      journeyId: run.journeyId,
      contactId: contact.id,
      phone: contact.phone,
      vars: contact.vars as TContactJourneyInput['vars'],
      journey,
      journeyVersion: run.journeyVersion.version,
      ...(sendPolicy ? { sendPolicy } : {}),
      ...(test ? { test } : {}),
    };
    const first = planFirstSend(graph, args, workflowId, now);
    return { contact, workflowId, args: first ? { ...args, firstSendQueued: true } : args, first };
  });
  const firstSends = planned.flatMap(({ workflowId, first }) => (first ? [{ workflowId, first }] : []));
  const waiter = { namespace: deps.namespace, queue: deps.queue.name };
  await Promise.all([
    recordFirstSends(deps.db, waiter, firstSends),
    recordStartedProgress(
      deps.db,
      planned.flatMap(({ contact, first }) =>
        first ? [{ contactId: contact.id, cursor: first.nodeId, steps: first.steps }] : [],
      ),
    ),
  ]);

  await Promise.all(
    planned.map(async ({ contact, workflowId, args }) => {
      try {
        await deps.temporal.workflow.start('contactJourney', {
          taskQueue: deps.taskQueue,
          workflowId,
          // Never run a contact twice, not even after its first run closed: a batch
          // retried late would otherwise start (and message) finished contacts again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [args],
          // Their tasks, and their activities', are shared fairly with other workspaces'.
          priority: workspaceTaskPriority(run.workspaceId, deps.weights),
          typedSearchAttributes: [
            { key: RunIdKey, value: run.id },
            { key: JourneyIdKey, value: run.journeyId },
            { key: WorkspaceIdKey, value: run.workspaceId },
            { key: ContactPhoneKey, value: contact.phone },
            { key: JourneyNodeKey, value: firstNode },
            ...(test ? [{ key: RunKindKey, value: 'test' }] : []),
          ],
          ...(test ? { staticSummary: `Test send of ${run.journeyName} to ${contact.phone}` } : {}),
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }),
  );
  await queueFirstSends(deps.queue, waiter, firstSends);
  const lastContactId = contacts.at(-1)?.id;
  // Derived, not incremented, so a retried batch cannot count twice.
  await deps.db.$executeRaw`
    UPDATE "Run" SET "launched" = (SELECT count(*) FROM "Contact" WHERE "runId" = ${run.id}::uuid AND "id" <= ${lastContactId}::uuid)
    WHERE "id" = ${run.id}::uuid`;
  return { started: contacts.length, ...(lastContactId ? { lastContactId } : {}), stopped: false };
}

/**
 * The workspace's send policy under the journey's, as of this batch. Undefined when neither
 * sets anything, so contacts without a policy carry none.
 */
function effectivePolicy(workspace: unknown, journey: unknown): TSendPolicy | undefined {
  const layers = [ZSendPolicyLayer.parse(workspace ?? {}), ZSendPolicyLayer.parse(journey ?? {})];
  const policy = mergeSendPolicies(...layers);
  return policy.sendWindow || policy.frequencyCap ? policy : undefined;
}

/** A test run's shortened waits, as its test send stored them; undefined for a launch. */
function testOf(run: { isTest: boolean; testTiming: unknown }): TTestSend | undefined {
  if (!run.isTest) return undefined;
  const timing = run.testTiming as Partial<TTestSend> | null;
  // Written by the test send with both; the defaults only guard a row edited by hand.
  return { waitSeconds: timing?.waitSeconds ?? 5, replyTimeoutSeconds: timing?.replyTimeoutSeconds ?? 120 };
}
