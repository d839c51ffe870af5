import { QueueEvents, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessageQueue, MESSAGE_JOB_OPTIONS } from '../outbound/message-queue.js';
import { createRedis } from '../infra/redis.js';
import { testConfig, uniqueName } from './support/context.js';

const config = testConfig();
const connections = [createRedis(config.REDIS_URL), createRedis(config.REDIS_URL), createRedis(config.REDIS_URL)];
afterAll(() => Promise.all(connections.map((c) => c.quit())));

describe('BullMQ', () => {
  it('processes a job with a real worker on real Redis, under the test key prefix', async () => {
    const name = uniqueName('messages');
    const [queueConnection, workerConnection, eventsConnection] = connections as [
      (typeof connections)[0],
      (typeof connections)[0],
      (typeof connections)[0],
    ];
    const queue = createMessageQueue<{ to: string }>({
      name,
      prefix: config.REDIS_PREFIX,
      connection: queueConnection,
    });
    const events = new QueueEvents(name, { connection: eventsConnection, prefix: config.REDIS_PREFIX });
    const seen: string[] = [];
    const worker = new Worker<{ to: string }, string>(
      name,
      async (job) => {
        seen.push(job.data.to);
        return `sent to ${job.data.to}`;
      },
      { connection: workerConnection, prefix: config.REDIS_PREFIX, concurrency: 2 },
    );
    await events.waitUntilReady();

    const job = await queue.add('send', { to: '+14155550100' }, { jobId: 'key-1' });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toBe('sent to +14155550100');
    expect(seen).toEqual(['+14155550100']);
    expect(job.opts.attempts).toBe(MESSAGE_JOB_OPTIONS.attempts);
    expect(job.opts.backoff).toEqual({ type: 'exponential', delay: 2_000 });
    expect(await queueConnection.exists(`${config.REDIS_PREFIX}:${name}:meta`)).toBe(1);

    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
