import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db.js';
import type { Logger } from './logger.js';

/** The queue states /metrics reports; completed jobs are trimmed by age, so their count says little. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** One workspace's send queue figures (features/send-queue's TWorkspaceSendQueue). */
export interface TWorkspaceSendQueueFigures {
  workspaceId: string;
  weight: number;
  depth: number;
  oldestWaitSeconds: number;
  admittedPerSecond: number;
}

/** What the scrape-time gauges read: the messages queue and the database, each optional. */
export interface MetricsSources {
  queue?: Pick<Queue, 'getJobCounts'>;
  db?: Pick<Db, 'messageLog' | 'contact'>;
  logger: Logger;
  /** The send queue per workspace (features/send-queue), read at scrape time. */
  sendQueue?: () => Promise<readonly TWorkspaceSendQueueFigures[]>;
  /** Also export Node's process metrics (CPU, memory, event loop lag). Off in tests. */
  processMetrics?: boolean;
  /** Bound on each scrape-time read, so a slow dependency cannot hang the scrape. */
  collectTimeoutMs?: number;
  /** How long the database counts are reused between scrapes (default 30 s). */
  dbCountsTtlMs?: number;
  /** Per-sender counts the message workers keep in Redis (admitted sends, back-pressure, rate in force). */
  senders?: () => Promise<TSenderMetricSample[]>;
}

/** One sender's figures at scrape time. */
export interface TSenderMetricSample {
  address: string;
  admitted: number;
  slowed: number;
  ratePerSec: number;
}

export interface AppMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Reads the scrape-time gauges, then renders the registry in the Prometheus text format. */
  render(): Promise<string>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `read` shared by its callers: one call in flight at a time, whose answer is reused for
 * `ttlMs` after it settles. A failure is not kept, so the next scrape tries again; a read
 * still running when its scrape timed out is joined, not run a second time.
 */
export function cachedRead<T>(ttlMs: number, read: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let current: { promise: Promise<T>; expiresAt: number } | undefined;
  return () => {
    if (current && now() < current.expiresAt) return current.promise;
    const entry = { promise: read(), expiresAt: Number.POSITIVE_INFINITY };
    current = entry;
    entry.promise.then(
      () => {
        entry.expiresAt = now() + ttlMs;
      },
      () => {
        if (current === entry) current = undefined;
      },
    );
    return entry.promise;
  };
}

/**
 * One Prometheus registry per app (not prom-client's global one, so tests can build many
 * apps in one process). The queue and database gauges are read at scrape time, by
 * `render()`: nothing to keep in step between processes. The database counts scan every
 * MessageLog row and every running contact, which grows with the tenants, so they are read
 * at most once per `dbCountsTtlMs` (30 s) by one query at a time, however many scrapers or
 * requests ask (cachedRead): a cache rather than Postgres' estimates, which cannot count per
 * status or per state, or counters kept where rows change, which every write path would have
 * to keep right. The job counts come from Redis and stay live. A read that fails or times out drops its
 * series for that scrape and counts in `metrics_collect_errors_total`, which the same
 * scrape already shows; the rest of the scrape still answers.
 */
export function createMetrics(sources: MetricsSources): AppMetrics {
  const registry = new Registry();
  const timeoutMs = sources.collectTimeoutMs ?? 2_000;
  const dbCountsTtlMs = sources.dbCountsTtlMs ?? 30_000;
  if (sources.processMetrics) collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const collectErrors = new Counter({
    name: 'metrics_collect_errors_total',
    help: 'Scrape-time reads that failed or timed out, by collector.',
    labelNames: ['collector'] as const,
    registers: [registry],
  });

  const readers: (() => Promise<void>)[] = [];
  /**
   * Runs one scrape-time read; on failure a labelled gauge shows no series and a plain one
   * NaN (prom-client always shows a plain gauge), rather than stale values or a false 0.
   */
  async function collect(
    gauge: { reset(): void; set(value: number): void },
    name: string,
    read: () => Promise<void>,
    isPlain = false,
  ): Promise<void> {
    try {
      gauge.reset();
      await withTimeout(read(), timeoutMs, name);
    } catch (error) {
      gauge.reset();
      if (isPlain) gauge.set(Number.NaN);
      collectErrors.inc({ collector: name });
      sources.logger.warn({ err: error, collector: name }, 'metrics collector failed');
    }
  }

  const { queue, db } = sources;
  if (queue) {
    const queueJobs = new Gauge({
      name: 'message_queue_jobs',
      help: 'Jobs in the messages queue by state (waiting, active, delayed, failed).',
      labelNames: ['state'] as const,
      registers: [registry],
    });
    readers.push(() =>
      collect(queueJobs, 'message_queue', async () => {
        const counts = await queue.getJobCounts(...QUEUE_STATES, 'prioritized');
        // Jobs with a priority (every send, with the fair share) wait in BullMQ's own
        // `prioritized` state: they are waiting jobs all the same.
        for (const state of QUEUE_STATES)
          queueJobs.set({ state }, (counts[state] ?? 0) + (state === 'waiting' ? (counts.prioritized ?? 0) : 0));
      }),
    );
  }
  if (db) {
    // A gauge, not a counter: rows move between statuses (queued -> sent -> delivered), so
    // the count per status goes down as well as up. The (workspaceId, status) index serves it.
    // Test sends (a tester's own phone) are left out here as from every other count of
    // journeys' sends; the queue's job counts above, which are load, still include them.
    const sends = new Gauge({
      name: 'message_sends',
      help: 'Outbound messages (MessageLog rows) by status; test sends left out.',
      labelNames: ['status'] as const,
      registers: [registry],
    });
    const sendCounts = cachedRead(dbCountsTtlMs, () =>
      db.messageLog.groupBy({ by: ['status'], where: { isTest: false }, _count: { _all: true } }),
    );
    readers.push(() =>
      collect(sends, 'message_sends', async () => {
        const groups = await sendCounts();
        for (const group of groups) sends.set({ status: group.status }, group._count._all);
      }),
    );
    // From Postgres rather than Temporal's count API: the workflows keep Contact.state up to
    // date, this does not depend on Temporal's visibility store, and it is one indexed count.
    const activeContacts = new Gauge({
      name: 'active_contact_workflows',
      help: 'Contacts whose journey workflow is running: started (state not queued) and not ended; test sends left out.',
      registers: [registry],
    });
    const activeCount = cachedRead(dbCountsTtlMs, () =>
      db.contact.count({ where: { endedAt: null, state: { not: 'queued' }, isTest: false } }),
    );
    readers.push(() =>
      collect(
        activeContacts,
        'active_contacts',
        async () => {
          activeContacts.set(await activeCount());
        },
        true,
      ),
    );
  }
  if (sources.sendQueue) {
    const read = sources.sendQueue;
    const labelNames = ['workspace'] as const;
    const depth = new Gauge({
      name: 'send_queue_depth',
      help: 'Sends queued and not yet sent, by workspace.',
      labelNames,
      registers: [registry],
    });
    const oldest = new Gauge({
      name: 'send_queue_oldest_wait_seconds',
      help: 'How long the send that has waited longest has waited, by workspace.',
      labelNames,
      registers: [registry],
    });
    const admitted = new Gauge({
      name: 'send_admitted_per_second',
      help: 'Sends that left per second over the last 10 seconds, by workspace.',
      labelNames,
      registers: [registry],
    });
    const weight = new Gauge({
      name: 'send_share_weight',
      help: 'The operator-set weight of the workspace in the fair share of the send rate.',
      labelNames,
      registers: [registry],
    });
    // One read for the four gauges: a failed read drops all their series for this scrape.
    const all = { reset: () => [depth, oldest, admitted, weight].forEach((g) => g.reset()), set: () => undefined };
    readers.push(() =>
      collect(all, 'send_queue', async () => {
        for (const figures of await read()) {
          const labels = { workspace: figures.workspaceId };
          depth.set(labels, figures.depth);
          oldest.set(labels, figures.oldestWaitSeconds);
          admitted.set(labels, figures.admittedPerSecond);
          weight.set(labels, figures.weight);
        }
      }),
    );
  }
  if (sources.senders) {
    const readSenders = sources.senders;
    // Counters the workers keep in Redis (reset when a sender sits idle for 10 minutes, which
    // Prometheus' rate() reads as a counter reset): rate(sender_admitted_total[1m]) is the
    // admitted rate per sender.
    const admitted = new Gauge({
      name: 'sender_admitted_total',
      help: 'Sends admitted by the rate limiter, by sender (a counter kept in Redis by the message workers).',
      labelNames: ['sender'] as const,
      registers: [registry],
    });
    const slowed = new Gauge({
      name: 'sender_back_pressure_events_total',
      help: "Twilio's back-pressure answers (21611 queue full, 20429 too many requests), by sender.",
      labelNames: ['sender'] as const,
      registers: [registry],
    });
    const rate = new Gauge({
      name: 'sender_rate_per_second',
      help: "A sender's rate in force: its own or its kind's, lowered while back-pressure holds.",
      labelNames: ['sender'] as const,
      registers: [registry],
    });
    readers.push(() =>
      collect(
        {
          reset: () => [admitted, slowed, rate].forEach((gauge) => gauge.reset()),
          set: () => undefined,
        },
        'senders',
        async () => {
          for (const sender of await readSenders()) {
            admitted.set({ sender: sender.address }, sender.admitted);
            slowed.set({ sender: sender.address }, sender.slowed);
            rate.set({ sender: sender.address }, sender.ratePerSec);
          }
        },
      ),
    );
  }
  const render = async () => {
    await Promise.all(readers.map((read) => read()));
    return registry.metrics();
  };
  return { registry, httpDuration, render };
}
