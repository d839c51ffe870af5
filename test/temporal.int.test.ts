import vm from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDb } from '../infra/db.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/contract/index.js';
import { createTemporalWorker, ISOLATE_EXECUTION_TIMEOUT } from '../workers/create-temporal-worker.js';
import { createProbeActivities } from './fixtures/activities.js';
import type { probeWorkflow } from './fixtures/workflows.js';
import { testConfig, uniqueName } from './support/context.js';

const config = testConfig();
const db = createDb(config.DATABASE_URL);
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
});
afterAll(async () => {
  await connection.close();
  await db.$disconnect();
});

describe('Temporal', () => {
  it('runs a workflow on the real server whose activity writes to Postgres', async () => {
    const taskQueue = uniqueName('probe');
    const { worker, connection: workerConnection } = await createTemporalWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      activities: () => createProbeActivities({ db }),
      workflowBundlePath: inject('workflowBundlePath'),
    });
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const result = await worker.runUntil(
      client.workflow.execute<typeof probeWorkflow>('probeWorkflow', {
        taskQueue,
        workflowId: uniqueName('probe-wf'),
        args: ['  Probe team '],
      }),
    );
    await workerConnection.close();

    expect(result.name).toBe('Probe team');
    const row = await db.workspace.findUniqueOrThrow({ where: { id: result.workspaceId } });
    expect(row.name).toBe('Probe team');
  });

  it('calls into workflow code without starting a watchdog thread per call (patches/@temporalio+worker)', async () => {
    const settings = {
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: uniqueName('probe'),
      activities: () => createProbeActivities({ db }),
      workflowBundlePath: inject('workflowBundlePath'),
    };
    // The worker as the app builds it asks for no limit on a call into workflow code.
    const built = await createTemporalWorker(settings);
    expect(built.worker.options.isolateExecutionTimeoutMs).toBe(2 ** 32 - 1);
    expect(ISOLATE_EXECUTION_TIMEOUT).toBe('4294967295ms');
    await built.worker.runUntil(Promise.resolve());
    await built.connection.close();

    // Run in this thread (the SDK's debug mode, which keeps the settings above), a workflow's
    // calls into its context can be watched: none may carry a timeout, which is what makes
    // Node start and join a thread for the call.
    const calls: Array<vm.RunningScriptOptions | undefined> = [];
    const runInContext = vm.Script.prototype.runInContext;
    const spy = vi.spyOn(vm.Script.prototype, 'runInContext').mockImplementation(function (
      this: vm.Script,
      context: vm.Context,
      options?: vm.RunningScriptOptions,
    ) {
      calls.push(options);
      return runInContext.call(this, context, options);
    });
    try {
      const { worker, connection: workerConnection } = await createTemporalWorker({
        ...settings,
        overrides: { debugMode: true },
      });
      const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
      const result = await worker.runUntil(
        client.workflow.execute<typeof probeWorkflow>('probeWorkflow', {
          taskQueue: settings.taskQueue,
          workflowId: uniqueName('probe-wf'),
          args: ['Watchdog team'],
        }),
      );
      await workerConnection.close();
      expect(result.name).toBe('Watchdog team');
    } finally {
      spy.mockRestore();
    }
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.filter((options) => options?.timeout !== undefined)).toEqual([]);
  });

  it('has the custom search attributes operators filter on', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: config.TEMPORAL_NAMESPACE,
    });
    for (const key of CUSTOM_SEARCH_ATTRIBUTES) expect(Object.keys(customAttributes)).toContain(key.name);
  });
});
