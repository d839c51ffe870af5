import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../infra/db.js';
import { createRedis } from '../infra/redis.js';
import { enqueueSend } from '../outbound/enqueue-send.js';
import type { TMessageJob } from '../outbound/message-job.js';
import { createMessageQueue } from '../outbound/message-queue.js';
import type { EnqueueSendInput } from '../workflows/contract/index.js';
import { testConfig, uniqueName } from './support/context.js';

const config = testConfig();
const db = createDb(config.DATABASE_URL);
const redis = createRedis(config.REDIS_URL);
const queue = createMessageQueue<TMessageJob>({
  name: uniqueName('enqueue'),
  prefix: config.REDIS_PREFIX,
  connection: redis,
});
let workspaceId: string;

beforeAll(async () => {
  workspaceId = (await db.workspace.create({ data: { name: uniqueName('Enqueue') } })).id;
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  await db.$disconnect();
});

const waiter = { kind: 'signal' as const, namespace: 'default', workflowId: 'contact-w1', runId: 'r1', queue: 'q' };

function input(overrides: Partial<EnqueueSendInput> = {}): EnqueueSendInput {
  return {
    idempotencyKey: uniqueName('send'),
    workspaceId,
    to: '+14155550123',
    channel: 'sms',
    body: 'Hello {{name}}',
    nodeId: 'hello',
    sendWindow: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    timeZone: 'Europe/Paris',
    afterSend: { steps: [] },
    ...overrides,
  } as EnqueueSendInput;
}

describe('enqueueSend', () => {
  it('records the send with every field the job is built from, and queues it under its key', async () => {
    const send = input();
    expect(await enqueueSend({ db, queue }, send, waiter)).toBeUndefined();

    const row = await db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: send.idempotencyKey } });
    expect(row).toMatchObject({
      workspaceId,
      phone: '+14155550123',
      channel: 'sms',
      body: 'Hello {{name}}',
      nodeId: 'hello',
      status: 'pending',
      attempts: 0,
      activity: waiter,
      sendWindow: { window: send.sendWindow, timeZone: 'Europe/Paris' },
      afterSend: { steps: [] },
      twilioSid: null,
      runId: null,
    });
    const job = await queue.getJob(send.idempotencyKey);
    expect(job?.data).toMatchObject({ idempotencyKey: send.idempotencyKey, to: '+14155550123', activity: waiter });
  });

  it('asked again (a retried activity), keeps the one row as it was and points it at the waiter of now', async () => {
    const send = input();
    await enqueueSend({ db, queue }, send, waiter);
    const first = await db.messageLog.findUniqueOrThrow({ where: { idempotencyKey: send.idempotencyKey } });
    await db.messageLog.update({ where: { id: first.id }, data: { attempts: 2 } });

    const later = { ...waiter, runId: 'r2' };
    expect(await enqueueSend({ db, queue }, { ...send, body: 'changed' }, later)).toBeUndefined();

    const rows = await db.messageLog.findMany({ where: { idempotencyKey: send.idempotencyKey } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, body: 'Hello {{name}}', attempts: 2, activity: later });
  });

  it('answers a body Twilio would refuse as failed, twice alike, without queueing it', async () => {
    const send = input({ body: 'x'.repeat(1601) });
    const outcome = await enqueueSend({ db, queue }, send, { ...waiter, handedOff: true as const });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 21617 });
    expect(await enqueueSend({ db, queue }, send, { ...waiter, handedOff: true as const })).toEqual(outcome);
    expect(await db.messageLog.count({ where: { idempotencyKey: send.idempotencyKey } })).toBe(1);
    expect(await queue.getJob(send.idempotencyKey)).toBeUndefined();
  });
});
