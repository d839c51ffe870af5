/**
 * The launcher on the real server: batches, continue-as-new, and idempotent batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContactBatch } from '../features/launch/start-contact-batch.js';
import { contactWorkflowId, runWorkflowId, type TLaunchRunInput } from '../workflows/contract/index.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
beforeAll(async () => {
  stack = await startSendStack();
});
afterAll(() => stack.stop());

/** A run of `n` contacts on a start -> end journey, created as the launch API creates it. */
async function createRun(n: number) {
  const workspace = await stack.db.workspace.create({ data: { name: 'Launcher' } });
  const user = await stack.db.user.create({
    data: { workspaceId: workspace.id, email: `${uniqueName('l')}@example.com`, passwordHash: 'x', name: 'L' },
  });
  const nodes = [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
  ];
  const edges = [{ id: 'e', source: 'start', target: 'end' }];
  const journey = await stack.db.journey.create({
    data: { workspaceId: workspace.id, userId: user.id, name: 'Short', nodes, edges },
  });
  const version = await stack.db.journeyVersion.create({
    data: { journeyId: journey.id, workspaceId: workspace.id, version: 1, name: 'Short', nodes, edges },
  });
  const run = await stack.db.run.create({
    data: {
      workspaceId: workspace.id,
      userId: user.id,
      journeyId: journey.id,
      journeyVersionId: version.id,
      journeyName: 'Short',
      total: n,
    },
  });
  await stack.db.contact.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      runId: run.id,
      workspaceId: workspace.id,
      phone: `+1212557${String(1000 + i)}`,
      vars: {},
    })),
  });
  return run.id;
}

describe('launchRun', () => {
  it('starts every contact once across continue-as-new, and the run finishes', async () => {
    const runId = await createRun(5);
    const input: TLaunchRunInput = { runId, batchSize: 1, batchesPerExecution: 2 };
    const handle = await stack.client.workflow.start('launchRun', {
      taskQueue: stack.taskQueue,
      workflowId: runWorkflowId(runId),
      args: [input],
    });
    expect(await handle.result()).toEqual({ launched: true, stopped: false });

    const executions: string[] = [];
    for await (const w of stack.client.workflow.list({ query: `WorkflowId="${runWorkflowId(runId)}"` }))
      executions.push(w.status.name);
    expect(executions.sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW']);

    const run = await stack.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.launched).toBe(5);
    for (
      let i = 0;
      i < 100 && (await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).status !== 'done';
      i += 1
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: 'done',
      processed: 5,
    });
  });

  it('starts nobody twice when a batch is retried, even after the contacts finished', async () => {
    const runId = await createRun(3);
    const deps = { db: stack.db, temporal: stack.client, taskQueue: stack.taskQueue };
    const first = await startContactBatch(deps, { runId, limit: 10 });
    for (let i = 0; i < 100 && (await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).processed < 3; i += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect((await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).processed).toBe(3);
    const contacts = await stack.db.contact.findMany({ where: { runId }, select: { id: true } });
    const latestRunIds = () =>
      Promise.all(
        contacts.map(
          async (c) => (await stack.client.workflow.getHandle(contactWorkflowId(runId, c.id)).describe()).runId,
        ),
      );
    const before = await latestRunIds();

    const again = await startContactBatch(deps, { runId, limit: 10 });

    expect(again).toEqual(first);
    expect(await latestRunIds()).toEqual(before);
    expect((await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).launched).toBe(3);
  });
});
