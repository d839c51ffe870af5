import { type Client } from '@temporalio/client';
import {
  JourneyIdKey,
  RunIdKey,
  runMigrationWorkflowId,
  WorkspaceIdKey,
  type TMigrateRunInput,
  type TMigrationCounts,
} from '../../workflows/contract/index.js';
import type { TMigration, TMigrationTarget } from './plan-run-migration.js';

/**
 * Moves a run's contacts onto the target version (from loadMigrationTarget) through the
 * `migrateRunContacts` workflow, and answers what it did once it has asked every contact.
 * The workflow, not this call, holds the move: if the caller goes away it goes on, and the
 * same request again joins the move under way (same workflow id) rather than starting
 * another; a request after it finished starts a new one, which moves whoever is left.
 */
export async function migrateRun(
  deps: { temporal: Client; taskQueue: string },
  target: TMigrationTarget,
): Promise<TMigration> {
  const input: TMigrateRunInput = {
    runId: target.run.id,
    workspaceId: target.run.workspaceId,
    version: target.version,
  };
  const counts = await deps.temporal.workflow.execute<(input: TMigrateRunInput) => Promise<TMigrationCounts>>(
    'migrateRunContacts',
    {
      workflowId: runMigrationWorkflowId(target.run.id, target.version),
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // Listed with the run's other workflows in Temporal UI.
      typedSearchAttributes: [
        { key: RunIdKey, value: target.run.id },
        { key: JourneyIdKey, value: target.run.journeyId },
        { key: WorkspaceIdKey, value: target.run.workspaceId },
      ],
      staticSummary: `Move to journey version ${target.version}`,
    },
  );
  return { version: target.version, ...counts };
}
