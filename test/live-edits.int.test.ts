/**
 * Live edits through the HTTP API, every piece real: saving a journey keeps versions, and
 * POST /api/runs/:id/migrate moves contacts waiting for a reply onto the edited journey
 * (the `migrate` update of each contact's workflow), keeping their reply deadline and
 * never resending what they were sent; contacts where the edit is not safe stay, with why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import type { TJourney } from '../core/journey/schema.js';
import { contactWorkflowId, runMigrationWorkflowId, stateQuery } from '../workflows/contract/index.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
let token: string;

beforeAll(async () => {
  stack = await startSendStack();
  const res = await stack.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName('edits')}@example.com`, password: 'a-good-password', name: 'Ops' }),
  });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(() => stack.stop());

function call(path: string, init: { method?: string; json?: unknown } = {}) {
  return stack.request(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : null,
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface TMigration {
  dryRun: boolean;
  version: number;
  moved: number;
  current: number;
  staying: { nodeId: string; count: number; reason: string; message: string }[];
}
interface TRun {
  status: string;
  version: number;
  latestVersion: number;
  counts: { atNode: Record<string, number>; byState: Record<string, number>; byVersion: Record<string, number> };
}
interface TContact {
  id: string;
  phone: string;
  journeyVersion: number | null;
  history: { kind: string; nodeId?: string; detail?: string }[];
}

async function createJourney(journey: TJourney): Promise<string> {
  const res = await call('/api/journeys', { method: 'POST', json: journey });
  expect(res.status).toBe(201);
  return ((await res.json()) as { journey: { id: string } }).journey.id;
}

async function save(journeyId: string, journey: Partial<TJourney> & { status?: string }) {
  const res = await call(`/api/journeys/${journeyId}`, { method: 'PUT', json: journey });
  expect(res.status).toBe(200);
  return (await res.json()) as { problems: unknown[] };
}

async function versions(journeyId: string) {
  const res = await call(`/api/journeys/${journeyId}/versions`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { version: number; runCount: number; movedContacts: number }[] }).items;
}

async function launch(journeyId: string, phones: string[]): Promise<string> {
  const res = await call(`/api/journeys/${journeyId}/launch`, {
    method: 'POST',
    json: { contacts: phones.map((phone, i) => ({ phone, vars: { firstName: `P${i}` } })) },
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}

async function migrate(runId: string, dryRun: boolean): Promise<TMigration> {
  const res = await call(`/api/runs/${runId}/migrate`, { method: 'POST', json: { dryRun } });
  expect(res.status).toBe(200);
  return (await res.json()) as TMigration;
}

const getRun = async (runId: string) => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
const contactsOf = async (runId: string) =>
  ((await (await call(`/api/runs/${runId}/contacts?limit=50`)).json()) as { items: TContact[] }).items;

function withNode(journey: TJourney, nodeId: string, data: Record<string, unknown>): TJourney {
  return {
    ...journey,
    nodes: journey.nodes.map((n) => (n.id === nodeId ? ({ ...n, data: { ...n.data, ...data } } as typeof n) : n)),
  };
}

function replyFrom(from: string, body: string) {
  return stack.request('/sandbox/reply', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
}

describe('journey versions', () => {
  it('keeps a version per save that changes a journey without problems, and lists them newest first', async () => {
    const journey = surveyJourney();
    const journeyId = await createJourney(journey);
    const runId = await launch(journeyId, ['+12125570101']);
    expect((await versions(journeyId)).map((v) => [v.version, v.runCount])).toEqual([[1, 1]]);

    await save(journeyId, withNode(journey, 'thanks-yes', { body: 'Thanks, {{firstName}}!' }));
    // A save that changes nothing a contact walks (the status) or that has problems keeps none.
    await save(journeyId, { status: 'active' });
    const broken = await save(journeyId, { status: 'draft', edges: journey.edges.slice(1) });
    expect(broken.problems.length).toBeGreaterThan(0);
    expect((await versions(journeyId)).map((v) => [v.version, v.runCount])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    // The run still walks the version it launched with, and says a newer one exists.
    expect(await getRun(runId)).toMatchObject({ version: 1, latestVersion: 2 });

    const other = await call(`/api/journeys/${crypto.randomUUID()}/versions`);
    expect(other.status).toBe(404);
  });
});

describe('POST /api/runs/:id/migrate', () => {
  it('moves contacts waiting for a reply onto an edited follow-up: the new text is sent, nothing resent, the deadline kept', async () => {
    const v1 = surveyJourney();
    // Long enough to edit and migrate within, short enough to see the silent contact time out.
    const reply = v1.nodes.find((n) => n.id === 'reply');
    if (reply?.type === 'waitForReply') reply.data.timeout = 'PT20S';
    const journeyId = await createJourney(v1);
    const [yes, silent] = ['+12125570201', '+12125570202'];
    const runId = await launch(journeyId, [yes!, silent!]);
    await until(
      () => getRun(runId),
      (run) => run.counts.atNode.reply === 2,
      'both contacts waiting for a reply',
    );
    const contacts = await contactsOf(runId);
    const handleOf = (phone: string) =>
      stack.client.workflow.getHandle(contactWorkflowId(runId, contacts.find((c) => c.phone === phone)!.id));
    const deadlineBefore = (await handleOf(silent!).query(stateQuery)).waiting?.until;
    expect(deadlineBefore).toBeDefined();

    // The edit: new follow-up texts, and a reply timeout of a day that must not restart the running one.
    let v2 = withNode(v1, 'thanks-yes', { body: 'Edited: thanks {{firstName}}!' });
    v2 = withNode(v2, 'no-answer', { body: 'Edited: no worries.' });
    v2 = withNode(v2, 'reply', { timeout: 'P1D' });
    await save(journeyId, v2);

    const plan = await migrate(runId, true);
    expect(plan).toEqual({ dryRun: true, version: 2, moved: 2, current: 0, staying: [] });
    // A dry run touches no workflow.
    expect((await contactsOf(runId)).map((c) => c.journeyVersion)).toEqual([null, null]);
    expect((await handleOf(yes!).query(stateQuery)).history.some((e) => e.kind === 'migrated')).toBe(false);

    const result = await migrate(runId, false);
    expect(result).toEqual({ dryRun: false, version: 2, moved: 2, current: 0, staying: [] });
    expect((await contactsOf(runId)).map((c) => c.journeyVersion)).toEqual([2, 2]);
    expect((await handleOf(silent!).query(stateQuery)).waiting?.until).toBe(deadlineBefore);
    // The move ran as its own workflow, which a dropped request would have left running.
    const move = await stack.client.workflow.getHandle(runMigrationWorkflowId(runId, 2)).describe();
    expect(move).toMatchObject({ type: 'migrateRunContacts', status: { name: 'COMPLETED' } });
    expect((await getRun(runId)).counts.byVersion).toEqual({ '2': 2 });
    // Moving again moves nothing: they already walk version 2.
    expect(await migrate(runId, false)).toMatchObject({ moved: 0, current: 2, staying: [] });

    expect(((await (await replyFrom(yes!, 'yes')).json()) as { webhookStatus: number }).webhookStatus).toBe(200);
    await until(
      () => getRun(runId),
      (run) => run.status === 'done',
      'the run to finish',
    );
    const sent = async (phone: string) =>
      (await stack.received(phone)).filter((m) => m.direction !== 'inbound').map((m) => m.body);
    // The question went out once, before the edit; the follow-ups are the edited texts.
    expect(await sent(yes!)).toEqual(['Hi P0, did you enjoy your visit? Reply YES or NO.', 'Edited: thanks P0!']);
    // The silent contact timed out at its first deadline (20 s), not the edit's day.
    expect(await sent(silent!)).toEqual(['Hi P1, did you enjoy your visit? Reply YES or NO.', 'Edited: no worries.']);
    const history = (await contactsOf(runId)).find((c) => c.phone === yes)!.history;
    expect(history.filter((e) => e.kind === 'migrated')).toEqual([
      expect.objectContaining({ nodeId: 'reply', detail: 'version 2' }),
    ]);
    expect((await versions(journeyId))[0]).toMatchObject({ version: 2, runCount: 0 });

    // Temporal UI finds the moved contacts by the version they walk.
    await until(
      async () => {
        let n = 0;
        for await (const _ of stack.client.workflow.list({ query: `JourneyRunId="${runId}" AND JourneyVersion=2` }))
          n += 1;
        return n;
      },
      (n) => n === 2,
      'the moved contacts to be listed by JourneyVersion',
    );
  });

  it('keeps contacts on their version where their node changed type or was removed', async () => {
    const v1 = surveyJourney();
    const journeyId = await createJourney(v1);
    const phones = ['+12125570301', '+12125570302'];
    const runId = await launch(journeyId, phones);
    await until(
      () => getRun(runId),
      (run) => run.counts.atNode.reply === 2,
      'contacts waiting for a reply',
    );

    // The wait for a reply became a plain wait: same id, another type.
    const changed: TJourney = {
      ...v1,
      nodes: v1.nodes
        .filter((n) => n.id !== 'thanks-yes' && n.id !== 'thanks-no')
        .map((n) =>
          n.id === 'reply' ? { id: 'reply', type: 'wait', position: n.position, data: { duration: 'PT1H' } } : n,
        ),
      edges: [
        ...v1.edges.filter((e) => e.source !== 'reply' && !e.source.startsWith('thanks')),
        { id: 'e-wait', source: 'reply', target: 'no-answer' },
      ],
    };
    expect((await save(journeyId, changed)).problems).toEqual([]);
    const typeChanged = {
      version: 2,
      moved: 0,
      current: 0,
      staying: [
        {
          nodeId: 'reply',
          count: 2,
          reason: 'node_changed_type',
          message: 'its node has another type in the new version',
        },
      ],
    };
    expect(await migrate(runId, true)).toEqual({ dryRun: true, ...typeChanged });
    expect(await migrate(runId, false)).toEqual({ dryRun: false, ...typeChanged });

    // The wait for a reply removed.
    const removed: TJourney = {
      ...v1,
      nodes: v1.nodes.filter((n) => ['start', 'ask', 'end'].includes(n.id)),
      edges: [v1.edges[0]!, { id: 'e-ask-end', source: 'ask', target: 'end' }],
    };
    const saved = await save(journeyId, removed);
    expect(saved.problems).toEqual([]);
    expect(await migrate(runId, false)).toMatchObject({
      version: 3,
      moved: 0,
      staying: [{ nodeId: 'reply', count: 2, reason: 'node_removed' }],
    });
    expect((await contactsOf(runId)).map((c) => c.journeyVersion)).toEqual([null, null]);

    // The contacts still walk version 1: a YES takes version 1's follow-up.
    await replyFrom(phones[0]!, 'yes');
    await until(
      () => stack.received(phones[0]!),
      (m) => m.length === 3,
      'the follow-up',
    );
    expect((await stack.received(phones[0]!)).at(-1)?.body).toBe('Great to hear, P0! See you soon.');
    await call(`/api/runs/${runId}/stop`, { method: 'POST' });
    await until(
      () => getRun(runId),
      (run) => run.counts.byState.stopped === 1,
      'the other contact stopped',
    );
    const ended = await call(`/api/runs/${runId}/migrate`, { method: 'POST', json: {} });
    expect(ended.status).toBe(409);
  });

  it('leaves a contact whose message is still being sent where it is, and says why', async () => {
    const journeyId = await createJourney(surveyJourney());
    const phone = '+12125570401';
    await stack.pauseSending();
    try {
      const runId = await launch(journeyId, [phone]);
      await until(
        () => getRun(runId),
        (run) => run.counts.atNode.ask === 1,
        'the contact at its message',
      );
      await save(journeyId, withNode(surveyJourney(), 'ask', { body: 'Edited question, {{firstName}}?' }));
      expect(await migrate(runId, false)).toMatchObject({
        moved: 0,
        staying: [{ nodeId: 'ask', count: 1, reason: 'sending' }],
      });
      await stack.resumeSending();
      await until(
        () => getRun(runId),
        (run) => run.counts.atNode.reply === 1,
        'the contact waiting for a reply',
      );
      // The message already queued went out as it was rendered, once.
      expect((await stack.received(phone)).map((m) => m.body)).toEqual([
        'Hi P0, did you enjoy your visit? Reply YES or NO.',
      ]);
      // Once it waits for the reply, it can move.
      expect(await migrate(runId, false)).toMatchObject({ version: 2, moved: 1, staying: [] });
      await call(`/api/runs/${runId}/stop`, { method: 'POST' });
    } finally {
      await stack.resumeSending();
    }
  });

  it('answers 400 for a bad body and 404 for a run of another workspace', async () => {
    const bad = await call(`/api/runs/${crypto.randomUUID()}/migrate`, { method: 'POST', json: { dryRun: 'yes' } });
    expect(bad.status).toBe(400);
    const missing = await call(`/api/runs/${crypto.randomUUID()}/migrate`, { method: 'POST', json: {} });
    expect(missing.status).toBe(404);
  });
});
