/**
 * A journey end to end through the HTTP API, with every piece real: register, save the
 * survey journey, launch it from a CSV with bad rows, reply YES and NO through the
 * sandbox (which posts signed Twilio webhooks to /api/inbound), and follow the run.
 * The third contact's P1D timeout is shortened to PT2S here, since this is the real
 * server, not the time-skipping one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { signTwilioRequest } from '../infra/twilio.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
let token: string;

beforeAll(async () => {
  stack = await startSendStack();
  const res = await stack.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName('e2e')}@example.com`, password: 'a-good-password', name: 'Ops' }),
  });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(() => stack.stop());

function call(path: string, init: { method?: string; json?: unknown; body?: RequestInit['body']; type?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.type) headers['content-type'] = init.type;
  return stack.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null),
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function createJourney(journey: unknown): Promise<string> {
  const res = await call('/api/journeys', { method: 'POST', json: journey });
  expect(res.status).toBe(201);
  return ((await res.json()) as { journey: { id: string } }).journey.id;
}

type TJourneyDraft = {
  name: string;
  nodes: { id: string; type: string; position: { x: number; y: number }; data: Record<string, unknown> }[];
  edges: { id: string; source: string; sourceHandle?: string | null; target: string }[];
};

function setData(journey: TJourneyDraft, nodeId: string, data: Record<string, unknown>) {
  const node = journey.nodes.find((n) => n.id === nodeId);
  if (node) node.data = { ...node.data, ...data };
}

interface TRun {
  status: string;
  total: number;
  processed: number;
  counts: { byState: Record<string, number>; atNode: Record<string, number>; visitedNode: Record<string, number> };
}

describe('a journey through the API', () => {
  it('launches from a CSV, branches on YES, NO and timeout, and finishes the run', async () => {
    const journey = surveyJourney();
    const reply = journey.nodes.find((n) => n.id === 'reply');
    if (reply?.type === 'waitForReply') reply.data.timeout = 'PT2S';
    const journeyId = await createJourney(journey);

    const [yes, no, silent] = ['+12125550111', '+12125550112', '+12125550113'].map((p, i) =>
      p.replace('555', `55${i + 3}`),
    );
    const csv = [
      'phone,firstName',
      `${yes},Ada`,
      `${no},Bo`,
      'not-a-phone,Cy',
      `${silent},Di`,
      `${yes},Dup`,
      '+12125559999,',
    ].join('\n');
    const launch = await call(`/api/journeys/${journeyId}/launch`, { method: 'POST', body: csv, type: 'text/csv' });
    const launched = (await launch.json()) as {
      runId: string;
      accepted: number;
      rejected: { row: number; reason: string }[];
    };
    expect(launch.status).toBe(202);
    expect(launched.accepted).toBe(3);
    expect(launched.rejected.map((r) => r.row)).toEqual([4, 6, 7]);
    expect(launched.rejected.find((r) => r.row === 6)?.reason).toMatch(/duplicate of row 2/);
    expect(launched.rejected.find((r) => r.row === 7)?.reason).toMatch(/firstName/);

    const runPath = `/api/runs/${launched.runId}`;
    const getRun = async () => (await (await call(runPath)).json()) as TRun;
    await until(getRun, (run) => run.counts.atNode.reply === 3, 'all three contacts waiting for a reply');
    for (const phone of [yes, no, silent]) {
      expect((await stack.received(phone!)).map((m) => m.body)).toEqual([
        expect.stringMatching(/^Hi \w+, did you enjoy your visit/),
      ]);
    }

    // Replies as the phones would send them: the sandbox posts signed webhooks to /api/inbound.
    for (const [from, body] of [
      [yes, 'Yes'],
      [no, 'no'],
    ] as const) {
      const res = await stack.request('/sandbox/reply', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from, body }),
      });
      expect(((await res.json()) as { webhookStatus: number }).webhookStatus).toBe(200);
    }

    const done = await until(getRun, (run) => run.status === 'done', 'the run to finish');
    expect(done).toMatchObject({ total: 3, processed: 3 });
    expect(done.counts.byState).toEqual({ done: 3 });
    expect(done.counts.visitedNode).toMatchObject({ 'thanks-yes': 1, 'thanks-no': 1, 'no-answer': 1, end: 3 });
    expect((await stack.received(yes!)).filter((m) => m.direction !== 'inbound').map((m) => m.body)).toEqual([
      'Hi Ada, did you enjoy your visit? Reply YES or NO.',
      'Great to hear, Ada! See you soon.',
    ]);
    expect((await stack.received(no!)).at(-1)?.body).toBe(`Sorry about that, Bo. A manager will call ${no}.`);
    expect((await stack.received(silent!)).at(-1)?.body).toBe('No worries, thanks for visiting!');

    // Operators find the launcher and every contact of the run by one filter in Temporal UI.
    const listed = await until(
      async () => {
        const ids: string[] = [];
        for await (const w of stack.client.workflow.list({ query: `JourneyRunId="${launched.runId}"` }))
          ids.push(w.workflowId);
        return ids;
      },
      (ids) => ids.length === 4,
      'the run to be listed by its search attribute',
    );
    expect(listed).toContain(`run-${launched.runId}`);

    const contacts = (await (await call(`${runPath}/contacts?state=done&limit=10`)).json()) as {
      items: { phone: string; history: { kind: string; nodeId?: string; detail?: string }[] }[];
    };
    const path = contacts.items
      .find((c) => c.phone === yes)
      ?.history.filter((e) => e.kind === 'visit')
      .map((e) => e.nodeId);
    expect(path).toEqual(['start', 'ask', 'reply', 'thanks-yes', 'end']);
  });

  it('stops a run: contacts waiting end as stopped and send nothing more', async () => {
    const journey = surveyJourney();
    const journeyId = await createJourney(journey);
    const phones = ['+12125560201', '+12125560202'];
    const launch = await call(`/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      json: { contacts: phones.map((phone) => ({ phone, vars: { firstName: 'Ed' } })) },
    });
    const { runId } = (await launch.json()) as { runId: string };
    const getRun = async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
    await until(getRun, (run) => run.counts.atNode.reply === 2, 'contacts waiting');

    expect((await call(`/api/runs/${runId}/stop`, { method: 'POST' })).status).toBe(202);
    const stopped = await until(getRun, (run) => run.counts.byState.stopped === 2, 'contacts stopped');
    expect(stopped.status).toBe('stopped');
    await stack.request('/sandbox/reply', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: phones[0], body: 'yes' }),
    });
    expect((await stack.received(phones[0]!)).filter((m) => m.direction !== 'inbound')).toHaveLength(1);
  });

  it('stops a run whose sends are still queued: they are never made', async () => {
    const journeyId = await createJourney(surveyJourney());
    const phone = '+12125560601';
    await stack.pauseSending();
    try {
      const launch = await call(`/api/journeys/${journeyId}/launch`, {
        method: 'POST',
        json: { contacts: [{ phone, vars: { firstName: 'Hal' } }] },
      });
      const { runId } = (await launch.json()) as { runId: string };
      const getRun = async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
      await until(getRun, (run) => run.counts.atNode.ask === 1, 'the contact to wait at its message');
      await until(
        // Waiting jobs are prioritized ones: the fair share gives every send a priority.
        () => stack.queue.getJobCountByTypes('waiting', 'prioritized'),
        (n) => n >= 1,
        'the send to be queued',
      );
      expect((await call(`/api/runs/${runId}/stop`, { method: 'POST' })).status).toBe(202);
      await stack.resumeSending();
      const stopped = await until(getRun, (run) => run.counts.byState.stopped === 1, 'the contact to stop');
      expect(stopped.status).toBe('stopped');
      expect(await stack.received(phone)).toEqual([]);
      const log = await stack.db.messageLog.findFirstOrThrow({ where: { runId, phone } });
      expect(log).toMatchObject({ status: 'suppressed', twilioSid: null, error: 'stopped before it was sent' });
    } finally {
      await stack.resumeSending();
    }
  });

  it('STOP opts a phone out: its contact stops, later launches reject it, START lifts it', async () => {
    const journeyId = await createJourney(surveyJourney());
    const phone = '+12125560701';
    const other = '+12125560702';
    const launchTo = async (phones: string[]) =>
      (await (
        await call(`/api/journeys/${journeyId}/launch`, {
          method: 'POST',
          json: { contacts: phones.map((p) => ({ phone: p, vars: { firstName: 'Ivy' } })) },
        })
      ).json()) as {
        runId: string;
        accepted: number;
        rejected: { phone: string; reason: string }[];
      };
    const first = await launchTo([phone]);
    const getRun = async (runId: string) => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
    await until(
      () => getRun(first.runId),
      (run) => run.counts.atNode.reply === 1,
      'the contact to wait for a reply',
    );

    const reply = (body: string) =>
      stack.request('/sandbox/reply', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: phone, body }),
      });
    await reply('Stop');
    await until(
      () => getRun(first.runId),
      (run) => run.counts.byState.stopped === 1,
      'the contact to stop',
    );
    expect(await stack.db.optOut.count({ where: { phone } })).toBe(1);

    const second = await launchTo([phone, other]);
    expect(second.accepted).toBe(1);
    expect(second.rejected).toEqual([expect.objectContaining({ phone, reason: 'opted out' })]);

    await reply('START');
    expect(await stack.db.optOut.count({ where: { phone } })).toBe(0);
    expect((await launchTo([phone])).accepted).toBe(1);
  });

  it('holds back a queued send to a phone that opted out meanwhile', async () => {
    const journeyId = await createJourney(surveyJourney());
    const phone = '+12125560801';
    await stack.pauseSending();
    try {
      const launch = await call(`/api/journeys/${journeyId}/launch`, {
        method: 'POST',
        json: { contacts: [{ phone, vars: { firstName: 'Jo' } }] },
      });
      const { runId } = (await launch.json()) as { runId: string };
      const getRun = async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
      await until(
        // Waiting jobs are prioritized ones: the fair share gives every send a priority.
        () => stack.queue.getJobCountByTypes('waiting', 'prioritized'),
        (n) => n >= 1,
        'the send to be queued',
      );
      const run = await stack.db.run.findUniqueOrThrow({ where: { id: runId } });
      await stack.db.optOut.create({ data: { workspaceId: run.workspaceId, phone, keyword: 'STOP' } });
      await stack.resumeSending();
      await until(getRun, (r) => r.counts.byState.stopped === 1, 'the contact to end as stopped');
      expect(await stack.received(phone)).toEqual([]);
      expect(await stack.db.messageLog.findFirstOrThrow({ where: { runId } })).toMatchObject({
        status: 'suppressed',
        error: 'recipient opted out',
        twilioSid: null,
      });
    } finally {
      await stack.resumeSending();
    }
  });

  it('survives a Temporal worker restart during a wait: the contact resumes and nothing is sent twice', async () => {
    const journeyId = await createJourney({
      name: 'Drip',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'hello',
          type: 'message',
          position: { x: 0, y: 0 },
          data: { channel: 'sms', body: 'Hello {{firstName}}' },
        },
        { id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'PT3S' } },
        {
          id: 'again',
          type: 'message',
          position: { x: 0, y: 0 },
          data: { channel: 'sms', body: 'Still there, {{firstName}}?' },
        },
        { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'hello' },
        { id: 'b', source: 'hello', target: 'pause' },
        { id: 'c', source: 'pause', target: 'again' },
        { id: 'd', source: 'again', target: 'end' },
      ],
    });
    const phone = '+12125560401';
    const launch = await call(`/api/journeys/${journeyId}/launch`, {
      method: 'POST',
      json: { contacts: [{ phone, vars: { firstName: 'Flo' } }] },
    });
    const { runId } = (await launch.json()) as { runId: string };
    const getRun = async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
    await until(getRun, (run) => run.counts.byState.waiting === 1, 'the contact to wait');

    await stack.restartTemporalWorker();

    await until(getRun, (run) => run.status === 'done', 'the run to finish after the restart');
    expect((await stack.received(phone)).map((m) => m.body)).toEqual(['Hello Flo', 'Still there, Flo?']);
  });

  it('answers the inbound webhook 403 on a bad signature and acknowledges a reply from an unknown number once', async () => {
    const params = { MessageSid: `SM${'a'.repeat(32)}`, From: '+12125569999', To: '+15005550006', Body: 'hello' };
    const form = new URLSearchParams(params).toString();
    const bad = await stack.request('/api/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: form,
    });
    expect(bad.status).toBe(403);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');

    const signature = signTwilioRequest(stack.config.TWILIO_AUTH_TOKEN, `${stack.publicUrl}/api/inbound`, params);
    for (let i = 0; i < 2; i += 1) {
      const ok = await stack.request('/api/inbound', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: form,
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/xml/);
    }
    expect(await stack.db.inboundMessage.count({ where: { messageSid: params.MessageSid } })).toBe(1);
  });

  it.each([
    [
      'two starts',
      (j: TJourneyDraft) => j.nodes.push({ id: 'start2', type: 'start', position: { x: 0, y: 0 }, data: {} }),
      'start_count',
      {},
    ],
    [
      'a dangling edge',
      (j: TJourneyDraft) => j.edges.push({ id: 'e-x', source: 'ask', target: 'ghost' }),
      'dangling_edge',
      { edgeId: 'e-x' },
    ],
    [
      'a duplicate edge',
      (j: TJourneyDraft) => j.edges.push({ id: 'e-dup', source: 'reply', sourceHandle: 'yes', target: 'thanks-no' }),
      'duplicate_edge',
      { edgeId: 'e-dup' },
    ],
    [
      'a missing handle',
      (j: TJourneyDraft) => (j.edges = j.edges.filter((e) => e.id !== 'e-reply-no')),
      'missing_handle',
      { nodeId: 'reply' },
    ],
    [
      'an unreachable node',
      (j: TJourneyDraft) => j.nodes.push({ id: 'island', type: 'end', position: { x: 0, y: 0 }, data: {} }),
      'unreachable',
      { nodeId: 'island' },
    ],
    [
      'a cycle with no wait',
      (j: TJourneyDraft) => {
        j.nodes.push({
          id: 'loop',
          type: 'message',
          position: { x: 0, y: 0 },
          data: { channel: 'sms', body: 'again' },
        });
        j.edges = j.edges.map((e) => (e.id === 'e-no-end' ? { ...e, target: 'loop' } : e));
        j.edges.push({ id: 'e-loop', source: 'loop', target: 'thanks-no' });
      },
      'instant_cycle',
      {},
    ],
    [
      'a bad duration',
      (j: TJourneyDraft) => setData(j, 'reply', { timeout: 'P1M' }),
      'bad_duration',
      { nodeId: 'reply' },
    ],
    // A bad reply pattern is refused at save already (test/input-limits.int.test.ts).
  ])(
    'reports %s when a journey is saved, with its node or edge id, and refuses to launch it',
    async (_name, mutate, code, where) => {
      const journey = surveyJourney() as TJourneyDraft;
      mutate(journey);
      const res = await call('/api/journeys', { method: 'POST', json: journey });
      const saved = (await res.json()) as {
        journey: { id: string };
        problems: { code: string; nodeId?: string; edgeId?: string }[];
      };
      expect(res.status).toBe(201);
      expect(saved.problems).toContainEqual(expect.objectContaining({ code, ...where }));
      const launch = await call(`/api/journeys/${saved.journey.id}/launch`, {
        method: 'POST',
        json: { contacts: [{ phone: '+12125560501', vars: { firstName: 'G' } }] },
      });
      expect(launch.status).toBe(400);
    },
  );

  it('refuses to launch a journey with problems, an empty audience, or an unsupported body', async () => {
    const broken = surveyJourney();
    broken.edges = broken.edges.filter((e) => e.sourceHandle !== 'timeout');
    const brokenId = await createJourney(broken);
    const res = await call(`/api/journeys/${brokenId}/launch`, {
      method: 'POST',
      json: { contacts: [{ phone: '+12125560301', vars: { firstName: 'F' } }] },
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { error: { details: { nodeId?: string }[] } }).error.details.some(
        (p) => p.nodeId === 'reply',
      ),
    ).toBe(true);

    const okId = await createJourney(surveyJourney());
    const empty = await call(`/api/journeys/${okId}/launch`, {
      method: 'POST',
      body: 'phone,firstName\nnope,G\n',
      type: 'text/csv',
    });
    expect(empty.status).toBe(400);
    expect(
      ((await empty.json()) as { error: { details: { rejected: { row: number }[] } } }).error.details.rejected,
    ).toEqual([expect.objectContaining({ row: 2 })]);

    expect((await call(`/api/journeys/${okId}/launch`, { method: 'POST', body: 'x', type: 'text/plain' })).status).toBe(
      415,
    );
    expect(
      (await call(`/api/journeys/${crypto.randomUUID()}/launch`, { method: 'POST', json: { contacts: [] } })).status,
    ).toBe(404);
    expect((await call(`/api/runs/not-a-uuid`)).status).toBe(404);
  });
});

describe('send policy through a launch', () => {
  it('applies the workspace frequency cap to launched contacts: the over-cap message is skipped, recorded and never sent', async () => {
    const policy = await call('/api/workspace/send-policy', {
      method: 'PUT',
      json: { frequencyCap: { max: 1, windowHours: 24 }, overCap: 'skip' },
    });
    expect(policy.status).toBe(200);
    try {
      const message = (id: string, body: string) => ({
        id,
        type: 'message',
        position: { x: 0, y: 0 },
        data: { channel: 'sms', body },
      });
      const journeyId = await createJourney({
        name: 'Two in a row',
        nodes: [
          { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
          message('first', 'One'),
          message('second', 'Two'),
          { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
        ],
        edges: [
          { id: 'a', source: 'start', target: 'first' },
          { id: 'b', source: 'first', target: 'second' },
          { id: 'c', source: 'second', target: 'end' },
        ],
      });
      const phone = `+1213555${String(Math.floor(Math.random() * 9_000) + 1_000)}`;
      const launch = await call(`/api/journeys/${journeyId}/launch`, {
        method: 'POST',
        json: { contacts: [{ phone, vars: {} }] },
      });
      const { runId } = (await launch.json()) as { runId: string };
      const run = await until(
        async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun,
        (r) => r.status === 'done',
        'the run to finish',
      );
      expect(run.counts.byState).toEqual({ done: 1 });
      expect((await stack.received(phone)).map((m) => m.body)).toEqual(['One']);
      const logs = await stack.db.messageLog.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } });
      expect(logs.map((l) => [l.nodeId, l.status])).toEqual([
        ['first', expect.stringMatching(/^(queued|sent|delivered)$/)],
        ['second', 'skipped'],
      ]);
    } finally {
      await call('/api/workspace/send-policy', { method: 'PUT', json: {} });
    }
  });
});

describe('numbers belong to workspaces', () => {
  it("sends from each workspace's own number, and a reply or STOP to a number reaches that workspace only", async () => {
    const register = async (label: string) => {
      const res = await stack.request('/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${uniqueName(label)}@example.com`, password: 'a-good-password', name: label }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    const as =
      (bearer: string) =>
      (path: string, json?: unknown, method = 'GET') =>
        stack.request(path, {
          method,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        });
    const a = as(await register('owner-a'));
    const b = as(await register('owner-b'));
    const suffix = String(Math.floor(Math.random() * 9_000) + 1_000);
    const [numberA, numberB] = [`+1628555${suffix}`, `+1628556${suffix}`];
    expect((await a('/api/workspace/senders', { sms: numberA }, 'PUT')).status).toBe(200);
    expect((await b('/api/workspace/senders', { sms: numberB }, 'PUT')).status).toBe(200);
    expect((await b('/api/workspace/senders', { sms: numberA }, 'PUT')).status).toBe(409);

    const phone = `+1628557${suffix}`;
    const launch = async (call: typeof a) => {
      const created = await call('/api/journeys', surveyJourney(), 'POST');
      const { journey } = (await created.json()) as { journey: { id: string } };
      const res = await call(
        `/api/journeys/${journey.id}/launch`,
        { contacts: [{ phone, vars: { firstName: 'Ada' } }] },
        'POST',
      );
      return ((await res.json()) as { runId: string }).runId;
    };
    const [runA, runB] = [await launch(a), await launch(b)];
    const contactOf = (runId: string) => stack.db.contact.findFirstOrThrow({ where: { runId } });
    await until(
      async () => [await contactOf(runA), await contactOf(runB)],
      (cs) => cs.every((c) => c.cursor === 'reply'),
      'both contacts waiting for a reply',
    );
    const received = (await stack.received(phone)).filter((m) => m.direction !== 'inbound');
    expect(received.map((m) => (m as unknown as { from: string }).from).sort()).toEqual([numberA, numberB].sort());

    const reply = (to: string, body: string) =>
      stack.request('/sandbox/reply', {
        method: 'POST',
        // The phone answers both workspaces' numbers: the operator's view, not one workspace's.
        headers: { ...stack.operator, 'content-type': 'application/json' },
        body: JSON.stringify({ from: phone, to, body, channel: 'sms' }),
      });
    expect(((await (await reply(numberA, 'YES')).json()) as { webhookStatus: number }).webhookStatus).toBe(200);
    await until(
      () => contactOf(runA),
      (c) => c.state === 'done',
      "workspace A's contact to finish",
    );
    expect((await contactOf(runB)).cursor).toBe('reply');

    expect(((await (await reply(numberB, 'STOP')).json()) as { webhookStatus: number }).webhookStatus).toBe(200);
    await until(
      () => contactOf(runB),
      (c) => c.state === 'stopped',
      "workspace B's contact to stop",
    );
    const [workspaceA, workspaceB] = await Promise.all(
      [runA, runB].map(async (id) => (await stack.db.run.findUniqueOrThrow({ where: { id } })).workspaceId),
    );
    expect(await stack.db.optOut.count({ where: { phone, workspaceId: workspaceB } })).toBe(1);
    expect(await stack.db.optOut.count({ where: { phone, workspaceId: workspaceA } })).toBe(0);
  });
});
