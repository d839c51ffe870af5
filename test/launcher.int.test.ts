/**
 * The launcher on the real server: batches, continue-as-new, and idempotent batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneMessageJourney } from '../core/journey/fixtures.js';
import { startContactBatch } from '../features/launch/start-contact-batch.js';
import { contactWorkflowId, runWorkflowId, stateQuery, type TLaunchRunInput } from '../workflows/contract/index.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
/** What startContactBatch needs, as the launcher's activity gives it, on the test stack. */
const batchDeps = () => ({
  db: stack.db,
  temporal: stack.client,
  taskQueue: stack.taskQueue,
  queue: stack.queue,
  namespace: stack.config.TEMPORAL_NAMESPACE,
});
beforeAll(async () => {
  stack = await startSendStack();
});
afterAll(() => stack.stop());

const SHORT = {
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
  ],
  edges: [{ id: 'e', source: 'start', target: 'end' }],
};

/** A run of `n` contacts on a journey (start -> end unless given), created as the launch API creates it. */
async function createRun(n: number, { nodes, edges } = SHORT, phonePrefix = '+1212557') {
  const workspace = await stack.db.workspace.create({ data: { name: 'Launcher' } });
  const user = await stack.db.user.create({
    data: { workspaceId: workspace.id, email: `${uniqueName('l')}@example.com`, passwordHash: 'x', name: 'L' },
  });
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
      phone: `${phonePrefix}${String(1000 + i)}`,
      vars: { name: `Guest${i}` },
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
    const deps = batchDeps();
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

  it("queues a contact's first message with its start: a one-message contact hands it off and ends in one task, and its path is written once", async () => {
    const runId = await createRun(3, oneMessageJourney(), '+1212558');
    const deps = batchDeps();
    const first = await startContactBatch(deps, { runId, limit: 10 });
    const processed = async () => (await stack.db.run.findUniqueOrThrow({ where: { id: runId } })).processed;
    for (let i = 0; i < 200 && (await processed()) < 3; i += 1) await new Promise((r) => setTimeout(r, 50));
    // A batch retried after its contacts finished queues and writes nothing again.
    expect(await startContactBatch(deps, { runId, limit: 10 })).toEqual(first);

    const contacts = await stack.db.contact.findMany({ where: { runId }, orderBy: { phone: 'asc' } });
    const unstamped = (entries: unknown) =>
      (entries as Array<{ at: string; kind: string; nodeId?: string }>).map(({ at: _at, ...entry }) => entry);
    for (const [i, contact] of contacts.entries()) {
      const handle = stack.client.workflow.getHandle(contactWorkflowId(runId, contact.id));
      // The send was the contact's last step: it ended once the launcher had queued it.
      expect(await handle.result()).toEqual({ status: 'handed_off', cursor: 'hello' });
      const events = (await handle.fetchHistory()).events ?? [];
      // No local activity, no activity, no outcome signal: one workflow task in all.
      expect(
        events.filter(
          (e) =>
            e.markerRecordedEventAttributes ||
            e.activityTaskScheduledEventAttributes ||
            e.workflowExecutionSignaledEventAttributes,
        ),
      ).toEqual([]);
      expect(events.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
      const history = (await handle.query(stateQuery)).history;
      expect(unstamped(history).map((e) => [e.kind, e.nodeId])).toEqual([
        ['visit', 'start'],
        ['visit', 'hello'],
      ]);
      // The launcher wrote the path up to the send, the message worker the rest with its outcome.
      expect(contact).toMatchObject({ state: 'done', cursor: null });
      expect(unstamped(contact.history).map((e) => [e.kind, e.nodeId])).toEqual([
        ['visit', 'start'],
        ['visit', 'hello'],
        ['sent', 'hello'],
        ['visit', 'end'],
      ]);
      expect((await stack.received(contact.phone)).map((m) => m.body)).toEqual([`Hi Guest${i}`]);
    }
    const logs = await stack.db.messageLog.findMany({ where: { runId } });
    expect(logs.map((log) => log.activity)).toEqual(
      Array(3).fill(expect.objectContaining({ kind: 'signal', handedOff: true })),
    );
    // Sent (and by now maybe delivered, by the status callback), and its end mirrored.
    for (const log of logs) {
      expect(log.twilioSid).toMatch(/^SM/);
      expect(log.reportedAt).not.toBeNull();
    }
  });
});

describe('fair share on the task queue', () => {
  it('starts contacts under their workspace’s fairness key and weight, which the server keeps', async () => {
    const runId = await createRun(2);
    const run = await stack.db.run.findUniqueOrThrow({ where: { id: runId } });
    await startContactBatch({ ...batchDeps(), weights: { [run.workspaceId]: 2.5 } }, { runId, limit: 10 });
    const contacts = await stack.db.contact.findMany({ where: { runId }, select: { id: true } });
    for (const contact of contacts) {
      const described = await stack.client.workflow.getHandle(contactWorkflowId(runId, contact.id)).describe();
      expect(described.priority).toMatchObject({ fairnessKey: run.workspaceId, fairnessWeight: 2.5 });
    }
  });
});
