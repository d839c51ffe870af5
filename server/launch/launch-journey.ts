import type { Client } from '@temporalio/client';
import type { TJourney } from '../../core/journey/schema.js';
import type { TAudienceContact } from '../audience/normalize-audience.js';
import type { Db } from '../db.js';
import type { Logger } from '../logger.js';
import { runWorkflowId, type TLaunchRunInput } from '../../workflows/definitions.js';

export interface LaunchDeps {
  db: Db;
  temporal: Client;
  logger: Logger;
  taskQueue: string;
  batchSize: number;
}

export interface LaunchRequest {
  workspaceId: string;
  userId: string;
  journeyId: string;
  /** The validated journey as saved; frozen into a version here. */
  journey: TJourney;
  contacts: readonly TAudienceContact[];
}

/** Rows per INSERT: well under Postgres' 65,535 bind parameters at 4 columns a row. */
const INSERT_CHUNK = 5_000;

/**
 * Freezes the journey into an immutable version (reusing the latest one when nothing
 * changed), creates the run and its contacts in one transaction, then starts the launcher
 * workflow, which starts the contacts in the background. If Temporal refuses the start,
 * the run is marked failed with the reason and the error propagates: nothing half-launched.
 */
export async function launchJourney(deps: LaunchDeps, request: LaunchRequest): Promise<{ runId: string; version: number }> {
  const { runId, version } = await deps.db.$transaction(
    async (tx) => {
      const latest = await tx.journeyVersion.findFirst({ where: { journeyId: request.journeyId }, orderBy: { version: 'desc' } });
      const unchanged = latest && JSON.stringify([latest.name, latest.nodes, latest.edges]) === JSON.stringify([request.journey.name, request.journey.nodes, request.journey.edges]);
      const frozen = unchanged
        ? latest
        : await tx.journeyVersion.create({
            data: {
              journeyId: request.journeyId,
              workspaceId: request.workspaceId,
              version: (latest?.version ?? 0) + 1,
              name: request.journey.name,
              nodes: request.journey.nodes,
              edges: request.journey.edges,
            },
          });
      const run = await tx.run.create({
        data: {
          workspaceId: request.workspaceId,
          userId: request.userId,
          journeyId: request.journeyId,
          journeyVersionId: frozen.id,
          journeyName: request.journey.name,
          total: request.contacts.length,
        },
      });
      for (let start = 0; start < request.contacts.length; start += INSERT_CHUNK) {
        await tx.contact.createMany({
          data: request.contacts.slice(start, start + INSERT_CHUNK).map((contact) => ({
            runId: run.id,
            workspaceId: request.workspaceId,
            phone: contact.phone,
            vars: contact.vars,
          })),
        });
      }
      return { runId: run.id, version: frozen.version };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );

  const input: TLaunchRunInput = { runId, batchSize: deps.batchSize };
  try {
    await deps.temporal.workflow.start('launchRun', { workflowId: runWorkflowId(runId), taskQueue: deps.taskQueue, args: [input] });
  } catch (error) {
    await deps.db.run.update({ where: { id: runId }, data: { status: 'failed', endedAt: new Date(), error: `could not start the launcher: ${(error as Error).message}` } });
    throw error;
  }
  deps.logger.info({ runId, contacts: request.contacts.length, version }, 'run launched');
  return { runId, version };
}
