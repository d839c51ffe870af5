import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

/** The module whose exports are the workflow types this worker runs. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface TemporalWorkerSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** A prebuilt bundle (tests bundle once per run); otherwise the worker bundles at start. */
  workflowBundlePath?: string;
  overrides?: Partial<WorkerOptions>;
}

/**
 * Builds the Temporal worker the same way for the process entry point and for tests, so
 * tests exercise the production wiring.
 */
export async function createTemporalWorker(
  settings: TemporalWorkerSettings,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: settings.address });
  const workflows = settings.workflowBundlePath
    ? { workflowBundle: { codePath: settings.workflowBundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    activities: settings.activities,
    ...workflows,
    ...settings.overrides,
  });
  return { worker, connection };
}
