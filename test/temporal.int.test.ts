import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../infra/db.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/contract/index.js';
import { createTemporalWorker } from '../workers/create-temporal-worker.js';
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

  it('has the custom search attributes operators filter on', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: config.TEMPORAL_NAMESPACE,
    });
    for (const key of CUSTOM_SEARCH_ATTRIBUTES) expect(Object.keys(customAttributes)).toContain(key.name);
  });
});
