/**
 * Fair share between workspaces, through the real pieces: the launcher's and the
 * activities' queueing functions, BullMQ on the local Redis, the message worker, the
 * twilio client and the sandbox. Assertions are on the order in which sends reached the
 * sandbox (their positions), never on how long anything took.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSendQueue } from '../features/send-queue/read-send-queue.js';
import { createLogger } from '../infra/logger.js';
import { createMetrics } from '../infra/metrics.js';
import { createRedis, type Redis } from '../infra/redis.js';
import { admittedSendsKey, createAdmittedSends } from '../outbound/admitted-sends.js';
import { enqueueSend } from '../outbound/enqueue-send.js';
import { BULK_JOB_NAME } from '../outbound/fair-share-queue.js';
import type { TMessageJob, TSignalRef } from '../outbound/message-job.js';
import { createMessageQueue } from '../outbound/message-queue.js';
import { queueFirstSends, recordFirstSends, type TFirstSendOf } from '../outbound/queue-first-sends.js';
import { testConfig, uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

type Stack = Awaited<ReturnType<typeof startSendStack>>;

/** Phones no other test file uses (+1558…), unique within this run. */
const runSeed = Math.floor(Math.random() * 9_000) + 1_000;
let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+1558${String(runSeed * 1_000 + phoneCounter).padStart(7, '0')}`;
}

async function eventually<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const heavy = randomUUID();
const light = randomUUID();
const weighted = randomUUID();
let stack: Stack;
let sharedRedis: Redis | undefined;
function redisOf(): Redis {
  return (sharedRedis ??= createRedis(stack.config.REDIS_URL));
}

beforeAll(async () => {
  // A small pool of send slots keeps the departures close to the order the queue gives
  // out (a job taken waits for a slot in the order it was taken).
  stack = await startSendStack({
    MESSAGE_RATE_PER_SEC: '100',
    MESSAGE_WORKER_CONCURRENCY: '4',
    FAIR_SHARE_WEIGHTS: `${weighted}=3`,
  });
  await stack.db.workspace.createMany({
    data: [heavy, light, weighted].map((id) => ({ id, name: `fair share ${id.slice(0, 8)}` })),
  });
});

afterAll(async () => {
  await sharedRedis?.quit();
  await stack?.stop();
});

function waiterFor(): Pick<TSignalRef, 'namespace' | 'queue'> {
  return { namespace: stack.config.TEMPORAL_NAMESPACE, queue: stack.queue.name };
}

/** Queues first sends of a launch of `count` contacts of a workspace, as the launcher does. */
async function launch(workspaceId: string, count: number): Promise<string[]> {
  const phones = Array.from({ length: count }, uniquePhone);
  const sends: TFirstSendOf[] = phones.map((to) => ({
    workflowId: uniqueName('contact'),
    first: {
      nodeId: 'm1',
      steps: [],
      // Handed off: nobody is signalled, so no contact workflow is needed for the test.
      handOff: true,
      send: { idempotencyKey: uniqueName('first'), workspaceId, nodeId: 'm1', to, channel: 'sms', body: 'Hello' },
    },
  }));
  await recordFirstSends(stack.db, waiterFor(), sends);
  await queueFirstSends(stack.queue, waiterFor(), sends);
  return phones;
}

/** Queues one send the way a contact's own activity does (a follow-up): an interactive send. */
async function followUp(workspaceId: string): Promise<string> {
  const to = uniquePhone();
  const queued = await enqueueSend(
    { db: stack.db, queue: stack.queue },
    { idempotencyKey: uniqueName('follow-up'), workspaceId, nodeId: 'm2', to, channel: 'sms', body: 'Thanks!' },
    { kind: 'signal', workflowId: uniqueName('contact'), handedOff: true, ...waiterFor() },
  );
  expect(queued).toBeUndefined();
  return to;
}

/** Waits until every phone got its message, and answers who each departure was for, in order. */
async function departures(groups: Record<string, string[]>, since: Date): Promise<string[]> {
  const owner = new Map(Object.entries(groups).flatMap(([name, phones]) => phones.map((p) => [p, name] as const)));
  const attempts = await eventually(
    'every send to reach the sandbox',
    () => stack.sandbox.attempts({ since }).filter((a) => owner.has(a.to)),
    (list) => list.length >= owner.size,
  );
  return attempts.map((a) => owner.get(a.to)!);
}

function positions(order: string[], name: string): number[] {
  return order.flatMap((who, i) => (who === name ? [i] : []));
}

describe('fair share between workspaces', () => {
  it('sends a small launch interleaved with a large one queued before it, not behind it', async () => {
    await stack.pauseSending();
    const since = new Date();
    const a = await launch(heavy, 300);
    const b = await launch(light, 40);
    await stack.resumeSending();
    const order = await departures({ a, b }, since);

    // First in, first out, B's first send would be the 301st. Shared equally, B's 40 go
    // out among the first 80 or so, alternating with A's.
    const ofB = positions(order, 'b');
    expect(ofB).toHaveLength(40);
    expect(Math.max(...ofB)).toBeLessThan(100);
    expect(order.slice(0, 80).filter((who) => who === 'b').length).toBeGreaterThanOrEqual(35);
  });

  it('gives workspaces shares in proportion to their weights while both have work waiting', async () => {
    await stack.pauseSending();
    const since = new Date();
    const w = await launch(weighted, 200);
    const h = await launch(heavy, 200);
    await stack.resumeSending();
    const order = await departures({ w, h }, since);

    // Weight 3 against 1: three of every four sends while both have work waiting.
    const first200 = order.slice(0, 200);
    const ofWeighted = first200.filter((who) => who === 'w').length;
    expect(ofWeighted).toBeGreaterThanOrEqual(140);
    expect(ofWeighted).toBeLessThanOrEqual(160);
  });

  it('sends a workspace’s follow-ups ahead of its own launch', async () => {
    await stack.pauseSending();
    const since = new Date();
    const bulk = await launch(light, 150);
    const interactive = [];
    for (let i = 0; i < 5; i += 1) interactive.push(await followUp(light));
    await stack.resumeSending();
    const order = await departures({ bulk, interactive }, since);

    // Queued after 150 bulk sends, the follow-ups leave among the first few.
    expect(Math.max(...positions(order, 'interactive'))).toBeLessThan(12);
  });

  it('loses and repeats no send when the message worker restarts mid-drain, and keeps the share', async () => {
    await stack.pauseSending();
    const since = new Date();
    const a = await launch(heavy, 150);
    const b = await launch(light, 40);
    await stack.resumeSending();
    await eventually(
      'the first sends to leave',
      () => stack.sandbox.attempts({ since }).length,
      (n) => n >= 30,
    );
    await stack.restartMessageWorker();
    const order = await departures({ a, b }, since);

    // Exactly one request per phone reached the sandbox, and every row holds its sid (written
    // once Twilio has answered, so a moment after the request arrived), each from one attempt.
    expect(order).toHaveLength(190);
    const rows = await eventually(
      'every row to hold its sid',
      () => stack.db.messageLog.findMany({ where: { phone: { in: [...a, ...b] } } }),
      (found) => found.length === 190 && found.every((row) => row.twilioSid !== null),
    );
    expect(rows.map((row) => row.attempts)).toEqual(Array(190).fill(1));
    expect(Math.max(...positions(order, 'b'))).toBeLessThan(100);
  });
});

describe('what operators see of the send queue', () => {
  it('shows each workspace’s depth and oldest wait while it waits, then its admitted rate, in /metrics too', async () => {
    const weights = stack.config.FAIR_SHARE_WEIGHTS;
    const admitted = createAdmittedSends(redisOf(), admittedSendsKey(stack.config.REDIS_PREFIX, stack.queue.name));
    const read = () => readSendQueue({ db: stack.db, admitted, weights });
    await stack.pauseSending();
    const since = new Date();
    const phones = await launch(weighted, 30);
    const [waiting] = await readSendQueue({ db: stack.db, admitted, weights }, weighted);
    expect(waiting).toMatchObject({ workspaceId: weighted, weight: 3, depth: 30 });
    expect(waiting!.oldestWaitSeconds).toBeGreaterThanOrEqual(0);

    const metrics = createMetrics({ logger: createLogger('test', 'silent'), sendQueue: read });
    const text = await metrics.render();
    expect(text).toContain(`send_queue_depth{workspace="${weighted}"} 30`);
    expect(text).toContain(`send_share_weight{workspace="${weighted}"} 3`);

    await stack.resumeSending();
    await departures({ phones }, since);
    const after = await eventually(
      'the sends to count as admitted',
      () => read(),
      (all) => (all.find((w) => w.workspaceId === weighted)?.admittedPerSecond ?? 0) > 0,
    );
    expect(after.find((w) => w.workspaceId === weighted)).toMatchObject({ depth: 0, oldestWaitSeconds: 0 });
  });
});

describe('the fair share queue in Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = createRedis(testConfig().REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('rebases every queued priority once the virtual time is far past the base, keeping their order', async () => {
    const config = testConfig();
    const queue = createMessageQueue<TMessageJob>({
      name: uniqueName('fair'),
      prefix: config.REDIS_PREFIX,
      connection: redis,
      fairShare: { rebaseAt: 20 },
    });
    try {
      const job = (n: number, workspaceId: string): TMessageJob => ({
        idempotencyKey: `k${n}`,
        workspaceId,
        to: '+15550000000',
        channel: 'sms',
        body: 'x',
      });
      await queue.addBulk(
        Array.from({ length: 30 }, (_, i) => ({ name: BULK_JOB_NAME, data: job(i, heavy), opts: { jobId: `a${i}` } })),
      );
      const retrying = await queue.add(BULK_JOB_NAME, job(99, heavy), { jobId: 'a-later', delay: 60_000 });
      expect(retrying.priority).toBe(31);
      expect((await queue.getPrioritized()).map((j) => j.priority)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      // The first 25 are taken: the head is at virtual time 25, past the rebase point (20).
      for (let i = 0; i < 25; i += 1) await queue.remove(`a${i}`);

      await queue.add('send', job(100, light), { jobId: 'b0' });

      const queued = await queue.getPrioritized();
      expect(queued.map((j) => j.id)).toEqual(['a25', 'b0', 'a26', 'a27', 'a28', 'a29']);
      expect(queued.map((j) => j.priority)).toEqual([1, 1, 2, 3, 4, 5]);
      // The hashes, which a retry or a delayed job goes back to the queue with, moved too.
      expect((await queue.getJob('a27'))?.priority).toBe(3);
      expect((await queue.getJob('a-later'))?.priority).toBe(6);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
