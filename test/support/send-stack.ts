import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { Worker as QueueWorker } from 'bullmq';
import { Hono } from 'hono';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createSandbox, type Sandbox } from '../../api/sandbox/index.js';
import type { TConfig } from '../../server/config.js';
import { createDb, type Db } from '../../server/db.js';
import { createLogger } from '../../server/logger.js';
import type { TMessageJob } from '../../server/messages/message-job.js';
import { createSendMessageJob } from '../../server/messages/send-message-job.js';
import { createMessageQueue } from '../../server/queues.js';
import { createRedis } from '../../server/redis.js';
import { createTwilioClient } from '../../server/twilio.js';
import { createTemporalWorker } from '../../workers/temporal-worker-options.js';
import { createProbeActivities } from '../fixtures/activities.js';
import { uniqueName } from './context.js';

/**
 * The production send path, each piece real, wired as the processes wire it: a Temporal
 * worker with the production activities, a BullMQ message worker, the twilio client, and
 * the sandbox served over HTTP. Queue and task queue names are unique to the caller.
 */
export async function startSendStack(config: TConfig) {
  const logger = createLogger('test', 'silent');
  const db: Db = createDb(config.DATABASE_URL);
  // The sandbox needs its own public URL, known only once the server listens.
  const parent = new Hono();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (request) => parent.fetch(request), hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const publicUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sandbox: Sandbox = createSandbox({ db, logger, accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, publicUrl });
  parent.route('/sandbox', sandbox.app);

  const queueName = uniqueName('messages');
  const taskQueue = uniqueName('journeys');
  const redis = [createRedis(config.REDIS_URL), createRedis(config.REDIS_URL)] as const;
  const queue = createMessageQueue<TMessageJob>({ name: queueName, prefix: config.REDIS_PREFIX, connection: redis[0] });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const twilio = createTwilioClient({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, apiUrl: `${publicUrl}/sandbox/twilio` });
  const messageWorker = new QueueWorker(
    queueName,
    createSendMessageJob({ db, twilio, completion: client.activity, logger, from: { sms: config.TWILIO_SMS_FROM, whatsapp: config.TWILIO_WHATSAPP_FROM } }),
    { connection: redis[1], prefix: config.REDIS_PREFIX, concurrency: config.MESSAGE_WORKER_CONCURRENCY },
  );
  const { worker, connection: workerConnection } = await createTemporalWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    activities: { ...createActivities({ db, queue, namespace: config.TEMPORAL_NAMESPACE, temporal: client, taskQueue }), ...createProbeActivities({ db }) },
    workflowBundlePath: inject('workflowBundlePath'),
  });
  const running = worker.run();

  return {
    db,
    client,
    taskQueue,
    publicUrl,
    queue,
    /** What the sandbox says a phone received, oldest first. */
    async received(phone: string) {
      const res = await fetch(`${publicUrl}/sandbox/messages?to=${encodeURIComponent(phone)}`);
      return ((await res.json()) as { messages: { sid: string; direction: string; body: string | null; channel: string }[] }).messages;
    },
    async stop() {
      worker.shutdown();
      await running;
      await messageWorker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await sandbox.idle();
      sandbox.close();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([workerConnection.close(), connection.close(), db.$disconnect(), ...redis.map((r) => r.quit())]);
    },
  };
}
