import type { Client } from '@temporalio/client';
import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { ownedId } from '../../infra/owned-id.js';
import { NO_SUCH_RUN } from './require-run.js';
import {
  JourneyIdKey,
  RunIdKey,
  runWorkflowId,
  stopRunSignal,
  type TLaunchRunInput,
  WorkspaceIdKey,
} from '../../workflows/contract/index.js';

/**
 * Stops a run: marks it stopped (so no further batch starts), then hands the stop to the
 * launcher with signal-with-start, which reaches it whether it is still launching or has
 * finished; the launcher stops every contact that has not ended. Idempotent.
 * @throws AppError not_found when the run is not the caller's.
 */
export async function stopRun(
  deps: { db: Db; temporal: Client; taskQueue: string; batchSize: number },
  workspaceId: string,
  id: string,
  reason: string,
): Promise<void> {
  const runId = ownedId(id, NO_SUCH_RUN);
  const run = await deps.db.run.findFirst({ where: { id: runId, workspaceId }, select: { id: true, journeyId: true } });
  if (!run) throw new AppError('not_found', NO_SUCH_RUN);
  await deps.db.run.updateMany({
    where: { id: runId, status: { in: ['queued', 'running'] } },
    data: { status: 'stopped', endedAt: new Date(), error: reason },
  });
  const input: TLaunchRunInput = { runId, batchSize: deps.batchSize, stopReason: reason };
  await deps.temporal.workflow.signalWithStart('launchRun', {
    workflowId: runWorkflowId(runId),
    taskQueue: deps.taskQueue,
    args: [input],
    signal: stopRunSignal,
    signalArgs: [{ reason }],
    typedSearchAttributes: [
      { key: RunIdKey, value: runId },
      { key: JourneyIdKey, value: run.journeyId },
      { key: WorkspaceIdKey, value: workspaceId },
    ],
  });
}
