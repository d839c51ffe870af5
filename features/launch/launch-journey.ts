import type { Client } from '@temporalio/client';
import { LAUNCHER_PRIORITY_KEY, workspaceTaskPriority } from '../../core/fair-share.js';
import type { TJourney } from '../../core/journey/schema.js';
import type { TAudienceContact } from '../audience/normalize-audience.js';
import type { Db, Prisma } from '../../infra/db.js';
import { freezeJourneyVersion } from '../journeys/freeze-journey-version.js';
import type { Logger } from '../../infra/logger.js';
import {
  JourneyIdKey,
  RunIdKey,
  RunKindKey,
  runWorkflowId,
  type TLaunchRunInput,
  type TTestSend,
  WorkspaceIdKey,
} from '../../workflows/contract/index.js';

export interface LaunchDeps {
  db: Db;
  temporal: Client;
  logger: Logger;
  taskQueue: string;
  batchSize: number;
  /** Operator-set workspace weights (FAIR_SHARE_WEIGHTS): the launcher's share of the task queue. */
  weights?: Readonly<Record<string, number>>;
}

export interface LaunchRequest {
  workspaceId: string;
  userId: string;
  journeyId: string;
  /** The validated journey as saved; frozen into a version here. */
  journey: TJourney;
  contacts: readonly TAudienceContact[];
  /**
   * A test send: the run, its contacts and their sends are marked as a test, and each
   * contact's waits are shortened to these (startContactBatch hands them to its workflow).
   */
  test?: TTestSend;
  /** Runs first inside the transaction that creates the run (a limit to check under a lock); throw to refuse. */
  beforeCreate?: (tx: Prisma.TransactionClient) => Promise<void>;
}

/** Contacts per INSERT statement; each statement binds two arrays, whatever their length. */
const INSERT_CHUNK = 20_000;

/**
 * Freezes the journey, its goal with it, into an immutable version (reusing the latest one
 * when nothing changed), creates the run and its contacts in one transaction, then starts the launcher
 * workflow, which starts the contacts in the background. If Temporal refuses the start,
 * the run is marked failed with the reason and the error propagates: nothing half-launched.
 */
export async function launchJourney(
  deps: LaunchDeps,
  request: LaunchRequest,
): Promise<{ runId: string; version: number }> {
  const isTest = request.test !== undefined;
  const { runId, version } = await deps.db.$transaction(
    async (tx) => {
      await request.beforeCreate?.(tx);
      const frozen = await freezeJourneyVersion(
        tx,
        { workspaceId: request.workspaceId, journeyId: request.journeyId },
        request.journey,
      );
      const run = await tx.run.create({
        data: {
          workspaceId: request.workspaceId,
          userId: request.userId,
          journeyId: request.journeyId,
          journeyVersionId: frozen.id,
          journeyName: request.journey.name,
          total: request.contacts.length,
          ...(request.test ? { isTest: true, testTiming: { ...request.test } } : {}),
        },
      });
      // One INSERT ... SELECT FROM unnest() per chunk: about 8x faster than createMany here
      // (10,000 contacts: 0.17 s against 1.4 s), which keeps the launch answer under a second.
      for (let start = 0; start < request.contacts.length; start += INSERT_CHUNK) {
        const chunk = request.contacts.slice(start, start + INSERT_CHUNK);
        const phones = chunk.map((contact) => contact.phone);
        const vars = chunk.map((contact) => JSON.stringify(contact.vars));
        await tx.$executeRaw`
          INSERT INTO "Contact" ("runId", "workspaceId", "phone", "vars", "isTest")
          SELECT ${run.id}::uuid, ${request.workspaceId}::uuid, phone, vars::jsonb, ${isTest}
          FROM unnest(${phones}::text[], ${vars}::text[]) AS t(phone, vars)`;
      }
      return { runId: run.id, version: frozen.version };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );

  const input: TLaunchRunInput = { runId, batchSize: deps.batchSize };
  try {
    await deps.temporal.workflow.start('launchRun', {
      workflowId: runWorkflowId(runId),
      taskQueue: deps.taskQueue,
      args: [input],
      // Ahead of contacts' tasks, and shared fairly between workspaces: a launch starts
      // (and queues its first sends) while another workspace's contacts fill the task queue.
      priority: workspaceTaskPriority(request.workspaceId, deps.weights, LAUNCHER_PRIORITY_KEY),
      // Indexed like its contacts, so the run's filter in Temporal UI shows the launcher too.
      typedSearchAttributes: [
        { key: RunIdKey, value: runId },
        { key: JourneyIdKey, value: request.journeyId },
        { key: WorkspaceIdKey, value: request.workspaceId },
        ...(isTest ? [{ key: RunKindKey, value: 'test' }] : []),
      ],
      ...(isTest ? { staticSummary: `Test send of ${request.journey.name}` } : {}),
    });
  } catch (error) {
    await deps.db.run.update({
      where: { id: runId },
      data: {
        status: 'failed',
        endedAt: new Date(),
        error: `could not start the launcher: ${(error as Error).message}`,
      },
    });
    throw error;
  }
  deps.logger.info({ runId, contacts: request.contacts.length, version, isTest }, 'run launched');
  return { runId, version };
}
