/**
 * Journey goals and run analytics end to end, every piece real (API over HTTP, Temporal
 * worker, message worker, sandbox): an offer A/B test launched twice, once with a reply goal
 * and once with an event goal. Contacts reply through the sandbox's signed webhooks, an
 * integration posts events with an API key, and GET /api/runs/:id/analytics must count
 * exactly what happened, with the split's p-value the core test's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerSplitJourney } from '../core/journey/fixtures.js';
import type { TJourneyGoal } from '../core/journey/goal.js';
import { compareProportions } from '../core/stats.js';
import { MAGIC_NUMBERS } from '../sandbox/magic-numbers.js';
import { startSendStack } from './support/send-stack.js';
import { uniqueName } from './support/context.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
let token: string;
let apiKey: string;

const DAY_MS = 24 * 60 * 60 * 1000;
const REPLY_GOAL: TJourneyGoal = { kind: 'reply', match: 'contains', value: 'buy', window: 'P7D' };
const EVENT_GOAL: TJourneyGoal = { kind: 'event', event: 'order.paid', window: 'P7D' };

/** `count` phones no other file uses: a reply to the shared sandbox number reaches every workspace that wrote to it. */
function phones(count: number): string[] {
  const base = 1_000 + Math.floor(Math.random() * 8_000);
  const exchange = 200 + Math.floor(Math.random() * 700);
  return Array.from({ length: count }, (_, i) => `+1646${exchange}${String(base + i).padStart(4, '0')}`);
}

beforeAll(async () => {
  stack = await startSendStack();
  const res = await stack.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName('goals')}@example.com`, password: 'a-good-password', name: 'Ops' }),
  });
  token = ((await res.json()) as { token: string }).token;
  const key = await call('/api/workspace/api-keys', { method: 'POST', json: { name: 'Shop', role: 'member' } });
  apiKey = ((await key.json()) as { key: string }).key;
});
afterAll(() => stack.stop());

function call(path: string, init: { method?: string; json?: unknown; bearer?: string; body?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${init.bearer ?? token}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return stack.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null),
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

async function launch(goal: TJourneyGoal, contactPhones: string[]): Promise<{ journeyId: string; runId: string }> {
  const created = await call('/api/journeys', { method: 'POST', json: offerSplitJourney(goal, 'PT4S') });
  const { journey, problems } = (await created.json()) as { journey: { id: string }; problems: unknown[] };
  expect(problems).toEqual([]);
  const launched = await call(`/api/journeys/${journey.id}/launch`, {
    method: 'POST',
    json: { contacts: contactPhones.map((phone) => ({ phone })) },
  });
  expect(launched.status).toBe(202);
  return { journeyId: journey.id, runId: ((await launched.json()) as { runId: string }).runId };
}

interface TRun {
  status: string;
  counts: { atNode: Record<string, number> };
}
const getRun = async (runId: string) => (await (await call(`/api/runs/${runId}`)).json()) as TRun;

/** Each contact of the run by phone, with the split branch its history says it took. */
async function contactsOf(runId: string) {
  const rows = await stack.db.contact.findMany({ where: { runId } });
  return rows.map((row) => {
    const history = row.history as Array<{ kind: string; nodeId?: string; detail?: string; at: string }>;
    const branch = history.find((e) => e.kind === 'branch' && e.nodeId === 'split')?.detail;
    return { id: row.id, phone: row.phone, branch, history };
  });
}

/** Replies as the phone; answers the status our webhook gave the sandbox's signed post. */
async function reply(from: string, body: string): Promise<number> {
  const res = await stack.request('/sandbox/reply', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  return ((await res.json()) as { webhookStatus: number }).webhookStatus;
}

function postEvent(event: Record<string, unknown>, bearer = apiKey) {
  return call('/api/events', { method: 'POST', json: event, bearer });
}

/** Waits until the run's messages have their final delivery status from the sandbox's callbacks. */
async function settled(runId: string) {
  await until(
    () => stack.db.messageLog.count({ where: { runId, status: { notIn: ['delivered', 'undelivered'] } } }),
    (open) => open === 0,
    'every message of the run to be delivered or undelivered',
  );
}

interface TAnalytics {
  goal: TJourneyGoal | null;
  contacts: number;
  converted: number;
  nodes: Array<{
    nodeId: string;
    entered: number;
    sent: number;
    delivered: number;
    failed: number;
    replied: number | null;
    converted: number;
  }>;
  splits: Array<{
    nodeId: string;
    type: string;
    branches: Array<{ branchId: string; contacts: number; converted: number; conversionRate: number | null }>;
    test: string | null;
    statistic: number | null;
    pValue: number | null;
    significant: boolean;
  }>;
  waits: Array<{
    nodeId: string;
    entered: number;
    replied: number;
    replyRate: number | null;
    medianSeconds: number | null;
    p90Seconds: number | null;
  }>;
  bucketSeconds: number;
  series: Array<{ start: string; sent: number; replies: number }>;
}

async function analyticsOf(runId: string): Promise<TAnalytics> {
  const res = await call(`/api/runs/${runId}/analytics`);
  expect(res.status).toBe(200);
  return (await res.json()) as TAnalytics;
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

describe('goals and analytics through the API', () => {
  it('counts a reply goal per node, per split branch with its test, per wait and over time', async () => {
    const regular = phones(12);
    const { journeyId, runId } = await launch(REPLY_GOAL, [...regular, MAGIC_NUMBERS.undelivered]);
    await until(
      () => getRun(runId),
      (run) => run.counts.atNode.reply === 13,
      'every contact to wait for a reply',
    );
    // The goal is frozen with the version: editing the journey's goal now changes nothing for this run.
    expect((await call(`/api/journeys/${journeyId}`, { method: 'PUT', json: { goal: EVENT_GOAL } })).status).toBe(200);

    const contacts = await contactsOf(runId);
    const inBranch = (branch: string) => contacts.filter((c) => c.branch === branch && regular.includes(c.phone));
    const [buyers, others] = [inBranch('a'), inBranch('b')];
    // 12 contacts split 50/50 by hash: both branches get some but for 2 draws in 4,096.
    expect(buyers.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    const magicBranch = contacts.find((c) => c.phone === MAGIC_NUMBERS.undelivered)?.branch;

    // One buyer's start is moved 8 days back: its "buy" is past the goal's P7D window.
    const [late, ...onTime] = buyers;
    await stack.db.contact.update({
      where: { id: late!.id },
      data: { startedAt: new Date(Date.now() - 8 * DAY_MS) },
    });
    for (const contact of buyers) expect(await reply(contact.phone, 'I will BUY it')).toBe(200);
    // A reply that matches neither the goal nor a branch: replied, not converted, still waiting.
    const [chatty] = others;
    expect(await reply(chatty!.phone, 'no thanks')).toBe(200);

    await until(
      () => getRun(runId),
      (run) => run.status === 'done',
      'the run to finish',
    );
    await settled(runId);

    const conversions = await stack.db.conversion.findMany({ where: { runId } });
    expect(conversions.map((c) => c.contactId).sort()).toEqual(onTime.map((c) => c.id).sort());
    expect(conversions.every((c) => c.source === 'reply' && c.sourceId.startsWith('SM'))).toBe(true);

    const analytics = await analyticsOf(runId);
    expect(analytics.goal).toEqual(REPLY_GOAL);
    expect(analytics.contacts).toBe(13);
    expect(analytics.converted).toBe(onTime.length);

    const a = buyers.length + (magicBranch === 'a' ? 1 : 0);
    const b = others.length + (magicBranch === 'b' ? 1 : 0);
    const converted = onTime.length;
    const offer = (branch: 'a' | 'b', entered: number, conv: number) => ({
      nodeId: `offer-${branch}`,
      entered,
      sent: entered,
      delivered: entered - (magicBranch === branch ? 1 : 0),
      failed: magicBranch === branch ? 1 : 0,
      replied: null,
      converted: conv,
    });
    expect(analytics.nodes).toEqual([
      { nodeId: 'start', type: 'start', entered: 13, sent: 0, delivered: 0, failed: 0, replied: null, converted },
      { nodeId: 'split', type: 'split', entered: 13, sent: 0, delivered: 0, failed: 0, replied: null, converted },
      { ...offer('a', a, converted), type: 'message' },
      { ...offer('b', b, 0), type: 'message' },
      {
        nodeId: 'reply',
        type: 'waitForReply',
        entered: 13,
        sent: 0,
        delivered: 0,
        failed: 0,
        replied: buyers.length + 1,
        converted,
      },
      {
        nodeId: 'thanks',
        type: 'message',
        entered: buyers.length,
        sent: buyers.length,
        delivered: buyers.length,
        failed: 0,
        replied: null,
        converted,
      },
      { nodeId: 'end', type: 'end', entered: 13, sent: 0, delivered: 0, failed: 0, replied: null, converted },
    ]);

    const branches = [
      { branchId: 'a', contacts: a, converted, conversionRate: converted / a },
      { branchId: 'b', contacts: b, converted: 0, conversionRate: 0 },
    ];
    const expected = compareProportions(branches);
    expect(expected).toBeDefined();
    expect(analytics.splits).toEqual([
      {
        nodeId: 'split',
        type: 'split',
        branches,
        test: expected!.test,
        statistic: expected!.statistic ?? null,
        pValue: expected!.pValue,
        significant: expected!.pValue < 0.05,
      },
    ]);

    // Time to reply, worked out here from the rows: the contact's first reply at the node,
    // from the latest message Twilio took for it before that.
    const ended = new Map((await contactsOf(runId)).map((contact) => [contact.id, contact]));
    const repliers = [...buyers, chatty!].map((contact) => ended.get(contact.id)!);
    const logs = await stack.db.messageLog.findMany({ where: { runId } });
    const seconds = repliers.map((contact) => {
      const replyAt = Date.parse(contact.history.find((e) => e.kind === 'reply' && e.nodeId === 'reply')!.at);
      const sentAt = Math.max(
        ...logs
          .filter((log) => log.contactId === contact.id && log.sentAt && log.sentAt.getTime() <= replyAt)
          .map((log) => log.sentAt!.getTime()),
      );
      return (replyAt - sentAt) / 1000;
    });
    const [wait] = analytics.waits;
    expect(wait).toMatchObject({
      nodeId: 'reply',
      entered: 13,
      replied: repliers.length,
      replyRate: repliers.length / 13,
    });
    expect(wait!.medianSeconds).toBeCloseTo(percentile(seconds, 0.5)!, 3);
    expect(wait!.p90Seconds).toBeCloseTo(percentile(seconds, 0.9)!, 3);
    expect(seconds.every((s) => s >= 0)).toBe(true);

    expect(analytics.series.reduce((sum, point) => sum + point.sent, 0)).toBe(13 + buyers.length);
    expect(analytics.series.reduce((sum, point) => sum + point.replies, 0)).toBe(repliers.length);
    const starts = analytics.series.map((point) => Date.parse(point.start));
    expect(starts.slice(1).map((start, i) => start - starts[i]!)).toEqual(
      starts.slice(1).map(() => analytics.bucketSeconds * 1000),
    );

    // The run's graph answers the goal it was launched with, not the one saved since.
    const graph = (await (await call(`/api/runs/${runId}/graph`)).json()) as { goal: TJourneyGoal };
    expect(graph.goal).toEqual(REPLY_GOAL);
  });

  it('converts contacts with events an integration posts, once, within the window, only for that event', async () => {
    const regular = phones(12);
    const { runId } = await launch(EVENT_GOAL, regular);
    await until(
      () => getRun(runId),
      (run) => run.counts.atNode.reply === 12,
      'every contact to wait for a reply',
    );
    const contacts = await contactsOf(runId);
    const [inA, inB] = [contacts.filter((c) => c.branch === 'a'), contacts.filter((c) => c.branch === 'b')];
    expect(inA.length).toBeGreaterThan(0);
    expect(inB.length).toBeGreaterThan(0);

    // Every contact of branch b pays; the first with an order id, posted twice, as a retry would.
    const orderId = uniqueName('order');
    const first = await postEvent({ phone: inB[0]!.phone, name: 'order.paid', id: orderId });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { id: string; conversions: number; duplicate: boolean };
    expect(firstBody).toMatchObject({ conversions: 1, duplicate: false });
    const retry = await postEvent({ phone: inB[0]!.phone, name: 'order.paid', id: orderId });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ id: firstBody.id, conversions: 1, duplicate: true });
    for (const contact of inB.slice(1)) {
      // Spaced and without the +1, as a shop's records may hold it: normalised like audience phones.
      const national = contact.phone.slice(2).replace(/(\d{3})(\d{3})(\d{4})/, '($1) $2-$3');
      const res = await postEvent({ phone: national, name: 'order.paid', defaultCountry: 'US' });
      expect(await res.json()).toMatchObject({ phone: contact.phone, conversions: 1 });
    }
    // A contact that already converted does not convert again.
    expect(await (await postEvent({ phone: inB[0]!.phone, name: 'order.paid' })).json()).toMatchObject({
      conversions: 0,
    });
    // Another event, a contact past the window, and a phone of no contact convert nobody.
    const [other, late] = [inA[0]!, inA[1]];
    expect(await (await postEvent({ phone: other.phone, name: 'order.refunded' })).json()).toMatchObject({
      conversions: 0,
    });
    if (late) {
      await stack.db.contact.update({
        where: { id: late.id },
        data: { startedAt: new Date(Date.now() - 8 * DAY_MS) },
      });
      expect(await (await postEvent({ phone: late.phone, name: 'order.paid' })).json()).toMatchObject({
        conversions: 0,
      });
    }
    expect(await (await postEvent({ phone: phones(1)[0], name: 'order.paid' })).json()).toMatchObject({
      conversions: 0,
    });

    await until(
      () => getRun(runId),
      (run) => run.status === 'done',
      'the run to finish',
    );
    await settled(runId);
    const conversions = await stack.db.conversion.findMany({ where: { runId } });
    expect(conversions.map((c) => c.contactId).sort()).toEqual(inB.map((c) => c.id).sort());
    expect(conversions.every((c) => c.source === 'event')).toBe(true);
    expect(await stack.db.goalEvent.count({ where: { externalId: orderId } })).toBe(1);

    const analytics = await analyticsOf(runId);
    expect(analytics).toMatchObject({ goal: EVENT_GOAL, contacts: 12, converted: inB.length });
    const byNode = Object.fromEntries(analytics.nodes.map((node) => [node.nodeId, node]));
    expect(byNode['offer-a']).toMatchObject({ entered: inA.length, sent: inA.length, converted: 0 });
    expect(byNode['offer-b']).toMatchObject({ entered: inB.length, sent: inB.length, converted: inB.length });
    expect(byNode.reply).toMatchObject({ entered: 12, replied: 0, converted: inB.length });
    const branches = [
      { branchId: 'a', contacts: inA.length, converted: 0, conversionRate: 0 },
      { branchId: 'b', contacts: inB.length, converted: inB.length, conversionRate: 1 },
    ];
    const expected = compareProportions(branches)!;
    expect(analytics.splits[0]).toEqual({
      nodeId: 'split',
      type: 'split',
      branches,
      test: expected.test,
      statistic: expected.statistic ?? null,
      pValue: expected.pValue,
      significant: expected.pValue < 0.05,
    });
    expect(analytics.waits).toEqual([
      { nodeId: 'reply', entered: 12, replied: 0, replyRate: 0, medianSeconds: null, p90Seconds: null },
    ]);
    expect(analytics.series.reduce((sum, point) => sum + point.replies, 0)).toBe(0);
  });
});

describe('POST /api/events', () => {
  it('needs a credential, validates its body and answers in the one error shape', async () => {
    const phone = phones(1)[0]!;
    const anonymous = await stack.request('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, name: 'order.paid' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await postEvent({ phone, name: 'order.paid' }, 'ick_not-a-key-anyone-was-given-0000000000')).status).toBe(
      401,
    );

    const badPhone = await postEvent({ phone: '020 7946 0958', name: 'order.paid' });
    expect(badPhone.status).toBe(400);
    expect(await badPhone.json()).toMatchObject({
      error: { code: 'invalid_input', details: [expect.objectContaining({ path: 'phone' })] },
    });
    for (const body of [
      { phone, name: 'order paid' },
      { phone, name: '' },
      { phone },
      { phone, name: 'order.paid', id: '' },
      { phone, name: 'order.paid', defaultCountry: 'usa' },
    ]) {
      const res = await postEvent(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    const text = await call('/api/events', { method: 'POST', body: 'order.paid', bearer: apiKey });
    expect(text.status).toBe(415);
  });

  it('stores one event for one id, however many posts race with it, and refuses the id for another event', async () => {
    const phone = phones(1)[0]!;
    const id = uniqueName('race');
    const answers = await Promise.all(Array.from({ length: 4 }, () => postEvent({ phone, name: 'signup', id })));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 201]);
    const ids = new Set(await Promise.all(answers.map(async (res) => ((await res.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect(await stack.db.goalEvent.count({ where: { externalId: id } })).toBe(1);

    const conflict = await postEvent({ phone, name: 'order.paid', id });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });
});
