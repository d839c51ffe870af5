/**
 * The launcher of one run (`run-<runId>`): starts the run's contact workflows in batches,
 * in contact id order, and continues as new before its history grows large. A stop,
 * delivered with signal-with-start so it reaches the launcher whether or not it is still
 * running, makes it stop launching and stop every contact that has not ended instead.
 */
import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { stopRunSignal, type Activities, type TLaunchRunInput } from './contract/index.js';

const { startContactBatch, stopContactBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** Batches per execution before continuing as new: keeps each history to a few hundred events. */
const DEFAULT_BATCHES_PER_EXECUTION = 100;

export async function launchRun(input: TLaunchRunInput): Promise<{ launched: boolean; stopped: boolean }> {
  let stopReason = input.stopReason;
  setHandler(stopRunSignal, ({ reason }) => {
    stopReason ??= reason ?? 'run stopped';
  });
  // A stop delivered with signal-with-start is applied as the handler is set, above; and
  // the stop route marks the run stopped first, which startContactBatch checks anyway.
  let after = input.afterContactId;
  for (let batch = 0; ; batch += 1) {
    if (
      batch >= (input.batchesPerExecution ?? DEFAULT_BATCHES_PER_EXECUTION) ||
      workflowInfo().continueAsNewSuggested
    ) {
      return await continueAsNew<typeof launchRun>({
        ...input,
        ...(after ? { afterContactId: after } : {}),
        ...(stopReason ? { stopReason } : {}),
      });
    }
    if (stopReason !== undefined) break;
    const result = await startContactBatch({
      runId: input.runId,
      limit: input.batchSize,
      ...(after ? { afterContactId: after } : {}),
    });
    if (result.stopped) break;
    if (!result.lastContactId) return { launched: true, stopped: false };
    after = result.lastContactId;
  }
  return await stopAll(input, stopReason ?? 'run stopped');
}

/** Stops every contact of the run that has not ended, batch by batch from the first. */
async function stopAll(input: TLaunchRunInput, reason: string): Promise<{ launched: boolean; stopped: boolean }> {
  let after: string | undefined;
  for (let batch = 0; batch < 10_000; batch += 1) {
    const result = await stopContactBatch({
      runId: input.runId,
      limit: input.batchSize,
      reason,
      ...(after ? { afterContactId: after } : {}),
    });
    if (!result.lastContactId) break;
    after = result.lastContactId;
  }
  return { launched: false, stopped: true };
}
