/** Queries and printing shared by bench:send's parts. */
import type pg from 'pg';
import { maxInAnyWindow, perWallClockSecond } from '../../scripts/arrival-windows.js';
import { ProcSampler } from './proc-sampler.js';
import type { BenchStack } from './stack.js';

export interface Arrivals {
  count: number;
  /** Messages beyond the first with the same recipient and body: a send that went out twice. */
  duplicates: number;
  first: Date | undefined;
  last: Date | undefined;
}

/** Outbound messages the sandbox accepted whose body starts with `bodyPrefix`, and their first and last arrival. */
export async function arrivals(db: pg.Client, bodyPrefix: string): Promise<Arrivals> {
  const { rows } = await db.query<{ n: string; distinct: string; first: Date | null; last: Date | null }>(
    `SELECT count(*) AS n, count(DISTINCT ("to", body)) AS distinct, min("dateCreated") AS first, max("dateCreated") AS last
     FROM "SandboxMessage" WHERE direction = 'outbound-api' AND body LIKE $1`,
    [`${bodyPrefix}%`],
  );
  const count = Number(rows[0]?.n ?? 0);
  return {
    count,
    duplicates: count - Number(rows[0]?.distinct ?? 0),
    first: rows[0]?.first ?? undefined,
    last: rows[0]?.last ?? undefined,
  };
}

/** How a run of arrival times (epoch ms) fills one-second windows. */
export interface WindowFigures {
  count: number;
  spanS: number;
  /** Most arrivals in one wall-clock second, and the per-second counts. */
  busiestSecond: number;
  perSecond: number[];
  /** Most arrivals in any window [t, t + 1000 ms). */
  busiestSlidingWindow: number;
  /** Shortest time `limit + 1` consecutive arrivals took (under 1000 ms: a window over the limit). */
  tightestSpanMs: number;
  smallestGapMs: number;
}

export function windowFigures(times: number[], limit: number): WindowFigures {
  const sorted = [...times].sort((a, b) => a - b);
  const perSecond = perWallClockSecond(sorted);
  let tightestSpanMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i + limit < sorted.length; i += 1)
    tightestSpanMs = Math.min(tightestSpanMs, sorted[i + limit]! - sorted[i]!);
  let smallestGapMs = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i += 1) smallestGapMs = Math.min(smallestGapMs, sorted[i]! - sorted[i - 1]!);
  return {
    count: sorted.length,
    spanS: sorted.length > 1 ? (sorted.at(-1)! - sorted[0]!) / 1_000 : Number.NaN,
    busiestSecond: Math.max(0, ...perSecond),
    perSecond,
    busiestSlidingWindow: maxInAnyWindow(sorted, 1_000),
    tightestSpanMs,
    smallestGapMs,
  };
}

/** Sends of a direct batch that are finished (sid recorded, or failed for good), and when the last sid was recorded. */
export async function directProgress(
  db: pg.Client,
  tag: string,
): Promise<{ finished: number; failed: number; lastSentAt: Date | undefined }> {
  const { rows } = await db.query<{ finished: string; failed: string; last: Date | null }>(
    `SELECT count(*) FILTER (WHERE "twilioSid" IS NOT NULL OR status IN ('failed', 'suppressed')) AS finished,
            count(*) FILTER (WHERE status = 'failed') AS failed, max("sentAt") AS last
     FROM "MessageLog" WHERE "idempotencyKey" LIKE $1`,
    [`bench-${tag}-%`],
  );
  return {
    finished: Number(rows[0]?.finished ?? 0),
    failed: Number(rows[0]?.failed ?? 0),
    lastSentAt: rows[0]?.last ?? undefined,
  };
}

export async function runProgress(db: pg.Client, runId: string) {
  const { rows } = await db.query<{
    status: string;
    total: number;
    launched: number;
    processed: number;
    endedAt: Date | null;
  }>(`SELECT status, total, launched, processed, "endedAt" FROM "Run" WHERE id = $1`, [runId]);
  return rows[0];
}

/** Pids of the Postgres backends serving `database` (the bench's own), except the caller's. */
export async function postgresBackends(db: pg.Client): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}

const GROUP_ORDER = ['temporal-server', 'temporal-worker', 'api', 'message-workers', 'redis-server', 'postgres'];
const rank = (name: string) => (GROUP_ORDER.includes(name) ? GROUP_ORDER.indexOf(name) : GROUP_ORDER.length);

/**
 * One line per process group: mean and peak CPU% over the window (100% = one core), plus
 * the rest of the machine. Message workers are summed (their peak is the sum of each one's).
 */
export function cpuBreakdown(
  sampler: ProcSampler,
  from: number,
  to: number,
  messages?: number,
  indent = '    ',
): string {
  const { groups, machineAvgCpu, seconds } = sampler.window(from, to);
  const merged = new Map<string, { avg: number; peak: number }>();
  for (const [name, figures] of Object.entries(groups)) {
    const key = name.startsWith('message-worker') ? 'message-workers' : name;
    const sum = merged.get(key) ?? { avg: 0, peak: 0 };
    merged.set(key, { avg: sum.avg + figures.avgCpu, peak: sum.peak + figures.maxCpu });
  }
  const names = [...merged.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const ours = [...merged.values()].reduce((sum, g) => sum + g.avg, 0);
  // CPU time per message is what stays comparable when other runs load the machine.
  const perMessage = (avg: number) =>
    messages ? `  ${(((avg / 100) * seconds * 1000) / messages).toFixed(1).padStart(5)} ms CPU/msg` : '';
  const lines = names.map(
    (name) =>
      `${indent}${name.padEnd(18)} ${merged.get(name)!.avg.toFixed(0).padStart(4)}% avg  ${merged.get(name)!.peak.toFixed(0).padStart(4)}% peak${perMessage(merged.get(name)!.avg)}`,
  );
  if (messages)
    lines.push(
      `${indent}${'all of ours'.padEnd(18)} ${ours.toFixed(0).padStart(4)}% avg              ${perMessage(ours)}`,
    );
  lines.push(
    `${indent}${'everything else'.padEnd(18)} ${Math.max(0, machineAvgCpu - ours)
      .toFixed(0)
      .padStart(
        4,
      )}% avg  (machine busy ${machineAvgCpu.toFixed(0)}% of ${sampler.cores * 100}%, over ${seconds.toFixed(0)} s)`,
  );
  return lines.join('\n');
}

/**
 * Answer times of `GET <url>` every `intervalMs` while a measurement runs: how late the
 * sandbox process (the receiving end) gets to a request. The rate limiter spaces sends so that
 * up to 15 ms of variation in that lateness keeps every second at the sandbox within the
 * limit; more, and a second can hold more than the limit.
 */
export function probeLatency(url: string, intervalMs = 50) {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(url).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...times].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
    },
  };
}

/**
 * Samples CPU and memory every 500 ms: each process of the stack, any `extra` group (by
 * name, pids read at each sample), and the bench database's Postgres backends.
 */
export async function sampleStack(
  stack: BenchStack,
  db: pg.Client,
  extra: () => Record<string, number[]> = () => ({}),
) {
  let backends = await postgresBackends(db);
  const timer = setInterval(
    () =>
      void postgresBackends(db).then(
        (pids) => (backends = pids),
        () => undefined,
      ),
    2_000,
  );
  const sampler = new ProcSampler(
    () => ({
      ...Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, [pid]])),
      ...extra(),
      postgres: backends,
    }),
    500,
  );
  sampler.start();
  return {
    sampler,
    stop() {
      clearInterval(timer);
      sampler.stop();
    },
  };
}
