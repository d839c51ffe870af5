/**
 * Campaigns end to end on the whole system in one process: the API creates the campaign
 * and its recipients, the campaign workflow sends through the real queue, message worker,
 * twilio client and sandbox, and the counts come from the message logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
const tokens: Record<'alice' | 'bob', string> = { alice: '', bob: '' };

beforeAll(async () => {
  // No rate limit here: the 1,000-recipient campaign is about counts, not pacing.
  stack = await startSendStack({ MESSAGE_RATE_PER_SEC: '0', MESSAGE_WORKER_CONCURRENCY: '50' });
  for (const who of ['alice', 'bob'] as const) {
    const res = await stack.request('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${uniqueName(who)}@example.com`, password: 'a-good-password', name: who }),
    });
    tokens[who] = ((await res.json()) as { token: string }).token;
  }
});
afterAll(() => stack.stop());

function call(path: string, init: { method?: string; json?: unknown; form?: FormData; as?: 'alice' | 'bob' } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${tokens[init.as ?? 'alice']}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return stack.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.form ?? (init.json !== undefined ? JSON.stringify(init.json) : null),
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface TCampaign {
  id: string;
  status: string;
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  pending: number;
}
const getCampaign = async (id: string, as: 'alice' | 'bob' = 'alice') =>
  (await (await call(`/api/campaigns/${id}`, { as })).json()) as TCampaign;
const finished = (id: string) =>
  until(
    () => getCampaign(id),
    (c) => c.status === 'done' || c.status === 'stopped',
    `campaign ${id} to finish`,
  );

let seq = 0;
const phone = () =>
  `+1917${String(Math.floor(Math.random() * 700) + 200)}${String(Math.floor(Math.random() * 10)) + String((seq += 1) % 1000).padStart(3, '0')}`;

async function create(body: Record<string, unknown>) {
  const res = await call('/api/campaigns', { method: 'POST', json: body });
  const json = (await res.json()) as {
    campaignId: string;
    accepted: number;
    rejected: { row: number; reason: string }[];
  };
  return { status: res.status, ...json };
}

describe('campaigns', () => {
  it('sends the rendered message to each accepted recipient once and counts the outcomes', async () => {
    const [ada, bo, cy] = [phone(), phone(), phone()];
    const optedOut = phone();
    const me = (await (await call('/api/me')).json()) as { workspace: { id: string } };
    await stack.db.optOut.create({ data: { workspaceId: me.workspace.id, phone: optedOut, keyword: 'STOP' } });
    const created = await create({
      name: 'Spring sale',
      message: { channel: 'sms', body: 'Hi {{firstName}}, 20% off this week.' },
      contacts: [
        { phone: ada, vars: { firstName: 'Ada' } },
        { phone: bo, vars: { firstName: 'Bo' } },
        { phone: cy, vars: { firstName: 'Cy' } },
        { phone: '+15005553003', vars: { firstName: 'Unreachable' } },
        { phone: optedOut, vars: { firstName: 'Gone' } },
        { phone: 'not-a-phone', vars: { firstName: 'X' } },
        { phone: phone(), vars: {} },
      ],
    });
    expect(created.status).toBe(202);
    expect(created.accepted).toBe(4);
    expect(created.rejected).toHaveLength(3);

    const done = await finished(created.campaignId);
    expect(done).toMatchObject({ status: 'done', total: 4, sent: 4 });
    const settled = await until(
      () => getCampaign(created.campaignId),
      (c) => c.delivered + c.failed === 4,
      'delivery callbacks',
    );
    expect(settled).toMatchObject({ delivered: 3, failed: 1, suppressed: 0, pending: 0 });
    // The list shows the same live counts, not the snapshot taken when the campaign finished.
    const list = (await (await call('/api/campaigns')).json()) as {
      items: Array<{ id: string; delivered: number; failed: number }>;
    };
    expect(list.items.find((item) => item.id === created.campaignId)).toMatchObject({ delivered: 3, failed: 1 });
    expect((await stack.received(ada)).map((m) => m.body)).toEqual(['Hi Ada, 20% off this week.']);
    expect((await stack.received(cy)).map((m) => m.body)).toEqual(['Hi Cy, 20% off this week.']);
    expect(await stack.received(optedOut)).toEqual([]);
    const logs = await stack.db.messageLog.findMany({ where: { campaignId: created.campaignId } });
    expect(new Set(logs.map((l) => l.idempotencyKey)).size).toBe(4);
  });

  it('holds back a recipient who opts out after the campaign started, and a stop holds back every queued send', async () => {
    await stack.pauseSending();
    const late = phone();
    const optOutLater = await create({
      name: 'Late opt-out',
      message: { channel: 'sms', body: 'Hello' },
      contacts: [
        { phone: late, vars: {} },
        { phone: phone(), vars: {} },
      ],
    });
    const stopped = await create({
      name: 'To stop',
      message: { channel: 'sms', body: 'Never' },
      contacts: Array.from({ length: 10 }, () => ({ phone: phone(), vars: {} })),
    });
    // Wait until both campaigns' sends sit in the paused queue.
    await until(
      () => stack.db.messageLog.count({ where: { campaignId: { in: [optOutLater.campaignId, stopped.campaignId] } } }),
      (n) => n === 12,
      'sends queued',
    );
    const { workspaceId } = await stack.db.campaign.findUniqueOrThrow({ where: { id: optOutLater.campaignId } });
    await stack.db.optOut.create({ data: { workspaceId, phone: late, keyword: 'STOP' } });
    expect((await call(`/api/campaigns/${stopped.campaignId}/stop`, { method: 'POST' })).status).toBe(202);
    await stack.resumeSending();

    expect(await finished(optOutLater.campaignId)).toMatchObject({ status: 'done', sent: 1, suppressed: 1 });
    expect(await stack.received(late)).toEqual([]);
    const stoppedCampaign = await until(
      () => getCampaign(stopped.campaignId),
      (c) => c.status === 'stopped' && c.pending === 0,
      'the stopped campaign to settle',
    );
    expect(stoppedCampaign).toMatchObject({ sent: 0, suppressed: 10 });
    const row = await stack.db.campaign.findUniqueOrThrow({ where: { id: stopped.campaignId } });
    expect(row.endedAt).not.toBeNull();
  });

  it('completes a campaign to 1,000 recipients through the sandbox with exact counts', async () => {
    const contacts = Array.from({ length: 1_000 }, (_, i) => ({
      phone: `+1347${String(Math.floor(Math.random() * 700) + 200)}${String(i).padStart(4, '0')}`,
      vars: { n: String(i) },
    }));
    const created = await create({ name: 'Big', message: { channel: 'sms', body: 'Offer #{{n}}' }, contacts });
    expect(created.accepted).toBe(1_000);
    const done = await until(
      () => getCampaign(created.campaignId),
      (c) => c.status === 'done',
      'the big campaign',
      5_000,
    );
    expect(done).toMatchObject({ total: 1_000, sent: 1_000, failed: 0, suppressed: 0, pending: 0 });
    const sandboxRows = await stack.db.sandboxMessage.count({
      where: { to: { in: contacts.map((c) => c.phone) }, direction: 'outbound-api' },
    });
    expect(sandboxRows).toBe(1_000);
    const row = await stack.db.campaign.findUniqueOrThrow({ where: { id: created.campaignId } });
    expect(row).toMatchObject({ status: 'done', sent: 1_000 });
  }, 300_000);

  it('takes a CSV upload with the message as a JSON field', async () => {
    const [a, b] = [phone(), phone()];
    const form = new FormData();
    form.set('name', 'From CSV');
    form.set('message', JSON.stringify({ channel: 'sms', body: 'Hi {{name}}' }));
    form.set('file', new File([`phone,name\n${a},Ann\n${b},Ben\n`], 'list.csv', { type: 'text/csv' }));
    const res = await call('/api/campaigns', { method: 'POST', form });
    expect(res.status).toBe(202);
    const { campaignId } = (await res.json()) as { campaignId: string };
    await finished(campaignId);
    expect((await stack.received(b)).map((m) => m.body)).toEqual(['Hi Ben']);
  });

  it("refuses bad campaigns with field paths, and keeps each workspace's campaigns to itself", async () => {
    const bad = await call('/api/campaigns', {
      method: 'POST',
      json: { name: '', message: { channel: 'sms', contentSid: 'HX1' }, contacts: [] },
    });
    expect(bad.status).toBe(400);
    const details = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(['name', expect.stringMatching(/^message/)]));
    expect(
      (
        await call('/api/campaigns', {
          method: 'POST',
          json: { name: 'x', message: { channel: 'sms', body: 'Hi' }, contacts: [{ phone: 'nope' }] },
        })
      ).status,
    ).toBe(400);

    const mine = await create({
      name: 'Private',
      message: { channel: 'sms', body: 'Hi' },
      contacts: [{ phone: phone(), vars: {} }],
    });
    expect((await call(`/api/campaigns/${mine.campaignId}`, { as: 'bob' })).status).toBe(404);
    expect((await call(`/api/campaigns/${mine.campaignId}/stop`, { method: 'POST', as: 'bob' })).status).toBe(404);
    expect((await call('/api/campaigns/not-a-uuid')).status).toBe(404);
    const bobsList = (await (await call('/api/campaigns', { as: 'bob' })).json()) as { items: { id: string }[] };
    expect(bobsList.items.map((c) => c.id)).not.toContain(mine.campaignId);
    const alicesList = (await (await call('/api/campaigns')).json()) as { items: { id: string }[] };
    expect(alicesList.items.map((c) => c.id)).toContain(mine.campaignId);
    await finished(mine.campaignId);
  });
});
