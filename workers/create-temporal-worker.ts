import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

/** The module whose exports are the workflow types this worker runs. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * How the workflow bundle is built, here and for the tests' prebuilt bundle. The contract
 * (and through it `core/`, @date-fns/tz, tinyduration) is preloaded once into the worker's
 * shared V8 context instead of being evaluated again for every new workflow: in a profile
 * of 3,650 contacts, webpack's module loader alone took 1.7 s of the workflow thread, about
 * 0.5 ms per contact, before the modules' own code. Safe because these modules keep no
 * state of their own: pure functions and constant definitions (checked: no module-level
 * caches, maps or `let`s).
 */
export const WORKFLOW_BUNDLER_OPTIONS = {
  preloadModules: [
    fileURLToPath(new URL('../workflows/contract/index.ts', import.meta.url)),
    // Sets the stack depth of workflow errors, which the SDK freezes after preloading.
    fileURLToPath(new URL('../workflows/stack-traces.ts', import.meta.url)),
  ],
};

export interface TemporalWorkerSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /**
   * The activities, given a client on the worker's own connection: the launcher starts and
   * signals contact workflows through it, without a second connection per worker.
   */
  activities: (client: Client) => object;
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
  const client = new Client({ connection, namespace: settings.namespace });
  const workflows = settings.workflowBundlePath
    ? { workflowBundle: { codePath: settings.workflowBundlePath } }
    : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: WORKFLOW_BUNDLER_OPTIONS };
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    activities: settings.activities(client),
    ...workflows,
    ...settings.overrides,
  });
  return { worker, connection };
}
