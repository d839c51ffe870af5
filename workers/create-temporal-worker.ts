import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { WorkerOptionsWithDefaults } from '@temporalio/worker/lib/worker-options.js';

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

/**
 * How long one call into a workflow's V8 context may run: the SDK's "no limit" value, which
 * our patch of @temporalio/worker (patches/) turns into no watchdog at all. Node starts and
 * joins a watchdog thread for every vm call that has a timeout (nodejs/node#47739), and the
 * SDK makes five to eight such calls per workflow task: measured here, 70 us of CPU per call
 * against 2 us without, and a profile of bench:webhook on 2 saturated cores showed the
 * workflow thread 41% of its time inside those calls, waiting on the watchdog threads.
 * What the watchdog guarded against, workflow code that never yields, cannot come from a
 * journey: validation refuses cycles that do not wait (core/journey/validate-flow.ts), a
 * journey has at most 250 nodes, and reply regexes run on RE2, in linear time.
 */
export const ISOLATE_EXECUTION_TIMEOUT = `${2 ** 32 - 1}ms`;

/**
 * The SDK reads this option (its default is 5 s) but leaves it out of its public
 * WorkerOptions type; test/temporal.int.test.ts checks that the worker takes it.
 */
const ISOLATE_OPTIONS: Pick<WorkerOptionsWithDefaults, 'isolateExecutionTimeout'> = {
  isolateExecutionTimeout: ISOLATE_EXECUTION_TIMEOUT,
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
    ...ISOLATE_OPTIONS,
    ...workflows,
    ...settings.overrides,
  });
  return { worker, connection };
}
