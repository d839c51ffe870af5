import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { intentClassifierFrom } from '../../features/reply-intent/index.js';
import { createApp } from '../../api/app.js';
import { sandboxWorkspaceOf } from '../../api/sandbox-session.js';
import { basicAuthorization, createSandbox } from '../../sandbox/index.js';
import type { TConfig } from '../../infra/config.js';
import { createDb, type Db } from '../../infra/db.js';
import { createLogger } from '../../infra/logger.js';
import type { TMessageJob } from '../../outbound/message-job.js';
import { admittedSendsKey, createAdmittedSends } from '../../outbound/admitted-sends.js';
import { createMessageQueue } from '../../outbound/message-queue.js';
import { createRedis } from '../../infra/redis.js';
import { createTwilioClient } from '../../infra/twilio.js';
import { createMessageWorker } from '../../outbound/message-worker.js';
import { createSenderStatsReader } from '../../outbound/sender-stats.js';
import { createTemporalWorker } from '../../workers/create-temporal-worker.js';
import { startTwilioEdgeProcess } from '../../scripts/twilio-edge.js';
import { createProbeActivities } from '../fixtures/activities.js';
import { testConfig, uniqueName } from './context.js';

/** The sandbox operator's Authorization header: the account credentials the stack runs with. */
function operatorHeaders(config: TConfig): Record<string, string> {
  return {
    authorization: basicAuthorization({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN }),
  };
}

export interface SendStackOptions {
  /** A built web app (`vite build` output) for the API to serve at every path no API route answers, as workers/api.ts serves web/dist. */
  webDistDir?: string;
  /**
   * Sends go through a door process in front of the sandbox that stamps their arrival
   * (scripts/twilio-edge.ts): unlike the sandbox's own stamps, taken in this busy process,
   * its stamps are not bunched by this process's stalls.
   */
  twilioDoor?: boolean;
}

/**
 * The whole system in one test process, each piece real and wired as the processes wire
 * it: the API (with the sandbox) served over HTTP, a Temporal worker with the production
 * activities, and a BullMQ message worker sending through the twilio client to the
 * sandbox. Queue and task queue names are unique to the caller.
 */
export async function startSendStack(overrides: Record<string, string> = {}, options: SendStackOptions = {}) {
  const logger = createLogger('test', 'silent');
  // PUBLIC_URL (webhook signatures, the sandbox's target) is known only once the server listens.
  // Node's bindings (env) are passed on, as @hono/node-server does for the real API: the
  // sandbox's connection-reset fault needs the socket.
  let handler: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (request, env) => handler(request, env), hostname: '127.0.0.1', port: 0 }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const publicUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const config: TConfig = testConfig({
    PUBLIC_URL: publicUrl,
    TEMPORAL_TASK_QUEUE: uniqueName('journeys'),
    MESSAGE_QUEUE: uniqueName('messages'),
    ...overrides,
  });
  const db: Db = createDb(config.DATABASE_URL);

  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const sandbox = createSandbox({
    db,
    logger,
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    publicUrl,
    workspaceOf: sandboxWorkspaceOf(config, db),
  });
  const redis = createRedis(config.REDIS_URL);
  const senderStats = createSenderStatsReader({
    db,
    redis,
    config,
    defaultSenders: [config.TWILIO_SMS_FROM, config.TWILIO_WHATSAPP_FROM],
  });
  const app = createApp({
    logger,
    readinessChecks: [],
    readinessTimeoutMs: 100,
    sandbox: sandbox.app,
    api: {
      config,
      db,
      temporal: client,
      // As workers/api.ts in sandbox mode: content templates come from the sandbox's Content API.
      contentApi: createTwilioClient({
        accountSid: config.TWILIO_ACCOUNT_SID,
        authToken: config.TWILIO_AUTH_TOKEN,
        apiUrl: `${publicUrl}/sandbox/twilio`,
      }),
      admitted: { rates: (windowSeconds?: number) => admitted.rates(windowSeconds) },
      senderStats: senderStats.forAddresses,
    },
    webDistDir: options.webDistDir,
  });
  handler = (request, env) => app.fetch(request, env);

  const admitted = createAdmittedSends(redis, admittedSendsKey(config.REDIS_PREFIX, config.MESSAGE_QUEUE));
  const queue = createMessageQueue<TMessageJob>({
    name: config.MESSAGE_QUEUE,
    prefix: config.REDIS_PREFIX,
    connection: redis,
    fairShare: { weights: config.FAIR_SHARE_WEIGHTS },
  });
  const door = options.twilioDoor ? await startTwilioEdgeProcess(publicUrl) : undefined;
  const twilio = createTwilioClient({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    apiUrl: `${door?.url ?? publicUrl}/sandbox/twilio`,
    timeout: config.TWILIO_TIMEOUT_MS,
  });
  let messages = createMessageWorker({ config, db, twilio, temporal: client, logger });
  const startWorker = async () => {
    const created = await createTemporalWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: (workerClient: Client) => ({
        ...createActivities({
          db,
          queue,
          namespace: config.TEMPORAL_NAMESPACE,
          temporal: workerClient,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          intentClassifier: intentClassifierFrom(config),
        }),
        ...createProbeActivities({ db }),
      }),
      workflowBundlePath: inject('workflowBundlePath'),
    });
    return { ...created, running: created.worker.run() };
  };
  let temporalWorker = await startWorker();
  const stopWorker = async () => {
    temporalWorker.worker.shutdown();
    await temporalWorker.running;
    await temporalWorker.connection.close();
  };

  return {
    config,
    db,
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicUrl,
    queue,
    sandbox,
    twilio,
    /** Per-sender counts of the limiter, as the API reads them for the senders page and /metrics. */
    senderStats,
    /** With `twilioDoor`: when each Messages create arrived at the door (epoch ms), and its `To`. */
    doorArrivals: () => (door ? door.arrivals() : Promise.reject(new Error('startSendStack was not given twilioDoor'))),
    /** Re-queues unfinished sends whose job is gone (as after a Redis restart). */
    requeue: (olderThanMs?: number) => messages.requeue(olderThanMs),
    /** Cancels at Twilio the scheduled sends withdrawn since (as the message worker's sweep does). */
    cancelWithdrawn: () => messages.cancelWithdrawn(),
    /** A request to the API over HTTP, as a browser or Twilio would make it. */
    request(path: string, init: RequestInit = {}) {
      return fetch(`${publicUrl}${path}`, init);
    },
    /** The sandbox operator's credentials (HTTP Basic): the simulator unscoped, and its control routes. */
    operator: operatorHeaders(config),
    /** What the sandbox says a phone received and sent, oldest first. */
    async received(phone: string) {
      const res = await fetch(`${publicUrl}/sandbox/messages?to=${encodeURIComponent(phone)}`, {
        headers: operatorHeaders(config),
      });
      return (
        (await res.json()) as { messages: { sid: string; direction: string; body: string | null; channel: string }[] }
      ).messages;
    },
    /** Holds the message worker (sends wait in the queue, as behind the rate limit) until resumed. */
    pauseSending: () => messages.worker.pause(),
    resumeSending: () => messages.worker.resume(),
    /** Closes the message worker while it sends and starts a new one, as a redeploy would. */
    async restartMessageWorker() {
      await messages.close();
      messages = createMessageWorker({ config, db, twilio, temporal: client, logger });
    },
    /** Stops the Temporal worker and starts a new one, as a redeploy or crash-restart would. */
    async restartTemporalWorker() {
      await stopWorker();
      temporalWorker = await startWorker();
    },
    async stop() {
      await stopWorker();
      await messages.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await sandbox.idle();
      sandbox.close();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([connection.close(), db.$disconnect(), redis.quit(), door?.stop()]);
    },
  };
}
