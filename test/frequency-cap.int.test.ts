/**
 * The frequency cap where every send is recorded (the sendMessage activity), on the real
 * database: counted per phone across the workspace, atomic under concurrent sends, and
 * either deferred (the workflow waits) or skipped as the node says.
 */
import { CompleteAsyncError } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSendMessage } from '../activities/send-message.js';
import { createDb, type Db } from '../infra/db.js';
import type { SendMessageInput, TSendOutcome } from '../workflows/contract/index.js';
import { uniqueName } from './support/context.js';

let db: Db;
let workspaceId: string;
const queued: string[] = [];
const queue = {
  name: 'frequency-cap-test',
  add: async (_name: string, data: { idempotencyKey: string }) => void queued.push(data.idempotencyKey),
} as never;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  workspaceId = (await db.workspace.create({ data: { name: 'Cap' } })).id;
});
afterAll(() => db.$disconnect());

let phoneCounter = 0;
const uniquePhone = () => `+1646555${String(1000 + (phoneCounter += 1) + Math.floor(Math.random() * 8000)).slice(-4)}`;

/** Runs the real activity; a send it put on the queue answers `queued`. */
async function send(
  input: Omit<SendMessageInput, 'idempotencyKey' | 'workspaceId' | 'channel' | 'body'>,
): Promise<TSendOutcome | 'queued'> {
  const sendMessage = createSendMessage({ db, queue, namespace: 'default' });
  const env = new MockActivityEnvironment({ activityId: uniqueName('act') });
  try {
    return await env.run(sendMessage, {
      idempotencyKey: uniqueName('cap'),
      workspaceId,
      channel: 'sms' as const,
      body: 'Hello',
      ...input,
    });
  } catch (error) {
    if (error instanceof CompleteAsyncError) return 'queued';
    throw error;
  }
}

const cap = { max: 2, windowHours: 24 };

describe('frequency cap', () => {
  it('lets N sends through per phone and defers the next until the oldest leaves the window', async () => {
    const to = uniquePhone();
    expect(await send({ to, frequencyCap: cap, overCap: 'wait' })).toBe('queued');
    expect(await send({ to, frequencyCap: cap, overCap: 'wait' })).toBe('queued');
    const third = await send({ to, frequencyCap: cap, overCap: 'wait' });
    const oldest = await db.messageLog.findFirstOrThrow({ where: { phone: to }, orderBy: { createdAt: 'asc' } });
    expect(third).toMatchObject({
      status: 'deferred',
      retryAt: new Date(oldest.createdAt.getTime() + 24 * 3_600_000).toISOString(),
    });
    expect(await db.messageLog.count({ where: { phone: to } })).toBe(2);
    // Another phone, and the same phone without a cap, are not held back.
    expect(await send({ to: uniquePhone(), frequencyCap: cap })).toBe('queued');
    expect(await send({ to })).toBe('queued');
  });

  it('records a skipped send, never queued, when the node says skip', async () => {
    const to = uniquePhone();
    await send({ to, frequencyCap: cap });
    await send({ to, frequencyCap: cap });
    const skipped = await send({ to, frequencyCap: cap, overCap: 'skip' });
    expect(skipped).toMatchObject({ status: 'skipped', error: 'over the frequency cap of 2 per 24 h for this phone' });
    const row = await db.messageLog.findFirstOrThrow({ where: { phone: to, status: 'skipped' } });
    expect(queued).not.toContain(row.idempotencyKey);
  });

  it('does not count sends that never reached Twilio, or other workspaces, or sends older than the window', async () => {
    const to = uniquePhone();
    const other = (await db.workspace.create({ data: { name: 'Other' } })).id;
    const base = { phone: to, channel: 'sms' as const, body: 'x' };
    await db.messageLog.createMany({
      data: [
        { ...base, workspaceId, idempotencyKey: uniqueName('s'), status: 'suppressed' },
        { ...base, workspaceId, idempotencyKey: uniqueName('f'), status: 'failed' },
        { ...base, workspaceId, idempotencyKey: uniqueName('k'), status: 'skipped' },
        {
          ...base,
          workspaceId,
          idempotencyKey: uniqueName('old'),
          status: 'delivered',
          twilioSid: `SM${uniqueName('x')}`,
          createdAt: new Date(Date.now() - 25 * 3_600_000),
        },
        { ...base, workspaceId: other, idempotencyKey: uniqueName('o1'), status: 'delivered' },
        { ...base, workspaceId: other, idempotencyKey: uniqueName('o2'), status: 'delivered' },
      ],
    });
    expect(await send({ to, frequencyCap: cap })).toBe('queued');
    expect(await send({ to, frequencyCap: cap })).toBe('queued');
    expect(await send({ to, frequencyCap: cap })).toMatchObject({ status: 'deferred' });
  });

  it('holds under concurrent sends to one phone: exactly N get through', async () => {
    const to = uniquePhone();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => send({ to, frequencyCap: cap })));
    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(2);
    expect(outcomes.filter((o) => o !== 'queued' && o.status === 'deferred')).toHaveLength(6);
    expect(await db.messageLog.count({ where: { phone: to } })).toBe(2);
  });

  it('answers a retried activity from its row instead of counting it again', async () => {
    const to = uniquePhone();
    const sendMessage = createSendMessage({ db, queue, namespace: 'default' });
    const input = {
      idempotencyKey: uniqueName('retry'),
      workspaceId,
      channel: 'sms' as const,
      body: 'Hi',
      to,
      frequencyCap: { max: 1, windowHours: 24 },
    };
    const run = () =>
      new MockActivityEnvironment({ activityId: 'a1' })
        .run(sendMessage, input)
        .catch((e: unknown) => (e instanceof CompleteAsyncError ? 'queued' : Promise.reject(e)));
    expect(await run()).toBe('queued');
    expect(await run()).toBe('queued');
    expect(await db.messageLog.count({ where: { phone: to } })).toBe(1);
  });
});
