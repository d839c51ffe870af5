/**
 * `npm run bench:launch -- --contacts 10000 [--batch 500] [--rate 50]`
 * Launches a `message -> waitForReply(PT1H) -> end` journey to N contacts (CSV) on a whole
 * local stack sending at the default 50 msg/s limit against the sandbox (`--rate 0` lifts
 * it), and prints: how long the launch API took to answer, how long until every contact
 * workflow had started, workflows started per second, the CPU each process used per
 * contact while they started, and the peak memory of each process then; then waits until every contact
 * waits for its reply (its message sent) and prints each process's memory again, with all N
 * contacts waiting in the Temporal worker. Bounded: gives up after --timeout seconds.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cleanupOnInterrupt, cpuMsOf, envFromPairs, memoryOf, startBenchStack } from './support/stack.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    timeout: { type: 'string', default: '300' },
    batch: { type: 'string', default: '500' },
    /** MESSAGE_RATE_PER_SEC of the stack: 50, a deployment's default; 0 lifts the limit. */
    rate: { type: 'string', default: '50' },
    /** Extra env of the Temporal worker, `KEY=VALUE` (repeatable), e.g. NODE_OPTIONS or TEMPORAL_MAX_CACHED_WORKFLOWS. */
    'worker-env': { type: 'string', multiple: true, default: [] },
    /** Writes a `--cpu-prof` of every Node process of the stack into this directory. */
    profile: { type: 'string' },
  },
});
const contacts = Number(values.contacts);
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isInteger(contacts) || contacts < 1 || contacts > 100_000) throw new Error('--contacts must be 1..100000');
if (!/^\d+$/.test(values.rate))
  throw new Error('--rate must be a whole number of messages per second (0 lifts the limit)');

const journey = {
  name: 'Bench: ask and wait',
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'ask',
      type: 'message',
      position: { x: 0, y: 100 },
      data: { channel: 'sms', body: 'Hi {{name}}, reply YES to confirm.' },
    },
    {
      id: 'reply',
      type: 'waitForReply',
      position: { x: 0, y: 200 },
      data: { timeout: 'PT1H', branches: [{ id: 'yes', match: 'equals', value: 'yes' }] },
    },
    { id: 'end', type: 'end', position: { x: 0, y: 300 }, data: {} },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'ask' },
    { id: 'b', source: 'ask', target: 'reply' },
    { id: 'c', source: 'reply', sourceHandle: 'yes', target: 'end' },
    { id: 'd', source: 'reply', sourceHandle: 'timeout', target: 'end' },
  ],
};

async function api<T>(
  base: string,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(`${base}${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

// Each process's output goes to its own file (the workers log at info so their readiness shows).
const logDir = await mkdtemp(join(tmpdir(), 'initucastt-launch-logs-'));
const stack = await startBenchStack(
  { MESSAGE_RATE_PER_SEC: values.rate, MESSAGE_WORKER_CONCURRENCY: '50', LAUNCH_BATCH_SIZE: values.batch },
  {
    logDir,
    ...(values.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] } : {}),
    processEnv: { 'temporal-worker': envFromPairs(values['worker-env']) },
  },
);
const db = new pg.Client({ connectionString: stack.databaseUrl });
cleanupOnInterrupt(async () => {
  await db.end().catch(() => undefined);
  await stack.stop();
});
try {
  await db.connect();
  const register = await api<{ token: string }>(stack.apiUrl, '/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' }),
  });
  const token = register.body.token;
  const created = await api<{ journey: { id: string } }>(stack.apiUrl, '/api/journeys', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(journey),
  });

  // 212-200-0000 upwards: valid US numbers, one per contact.
  const csv = [
    'phone,name',
    ...Array.from({ length: contacts }, (_, i) => `+1212${String(2_000_000 + i)},Guest ${i}`),
  ].join('\n');
  const cpuAt = () => Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, cpuMsOf(pid)]));
  const cpuBefore = cpuAt();
  const launchStarted = performance.now();
  const launch = await api<{ runId: string; accepted: number; rejected: unknown[] }>(
    stack.apiUrl,
    `/api/journeys/${created.body.journey.id}/launch`,
    {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    },
  );
  const answeredMs = performance.now() - launchStarted;
  if (launch.status !== 202) throw new Error(`launch answered ${launch.status}: ${JSON.stringify(launch.body)}`);

  let launched = 0;
  let startedAllMs = Number.NaN;
  while (performance.now() - launchStarted < timeoutMs) {
    const { rows } = await db.query<{ launched: number }>('SELECT launched FROM "Run" WHERE id = $1', [
      launch.body.runId,
    ]);
    launched = rows[0]?.launched ?? 0;
    if (launched >= launch.body.accepted) {
      startedAllMs = performance.now() - launchStarted;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const cpuStarted = cpuAt();
  // How far sending got meanwhile.
  const waiting = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Contact" WHERE "runId" = $1 AND state = 'waiting_reply'`,
    [launch.body.runId],
  );
  const sent = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM "MessageLog" WHERE "runId" = $1 AND "twilioSid" IS NOT NULL`,
    [launch.body.runId],
  );

  const mem = Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, memoryOf(pid)]));
  console.log(`\nbench:launch  contacts=${contacts}  batch=${values.batch}  (process logs in ${logDir})`);
  console.log(
    `  launch API answered (202)        ${answeredMs.toFixed(0)} ms  (accepted ${launch.body.accepted}, rejected ${launch.body.rejected.length})`,
  );
  console.log(
    `  all contact workflows started    ${Number.isNaN(startedAllMs) ? `not within ${values.timeout} s (${launched} started)` : `${(startedAllMs / 1000).toFixed(1)} s after the request`}`,
  );
  if (!Number.isNaN(startedAllMs))
    console.log(`  workflows started per second     ${(contacts / (startedAllMs / 1000)).toFixed(0)}`);
  console.log(
    `  at that moment                   ${sent.rows[0]?.n} messages sent, ${waiting.rows[0]?.n} contacts waiting for a reply`,
  );
  console.log('  CPU per contact while starting (ms; Postgres and Redis are shared, not counted)');
  let cpuAll = 0;
  for (const [name, ms] of Object.entries(cpuStarted)) {
    const used = ms - (cpuBefore[name] ?? ms);
    cpuAll += used;
    console.log(`    ${name.padEnd(28)} ${(used / contacts).toFixed(2).padStart(6)}  (${(used / 1000).toFixed(1)} s)`);
  }
  console.log(
    `    ${'all of these'.padEnd(28)} ${(cpuAll / contacts).toFixed(2).padStart(6)}  (${(cpuAll / 1000).toFixed(1)} s)`,
  );
  for (const [name, m] of Object.entries(mem))
    console.log(`  peak memory ${name.padEnd(20)} ${m.peakMb} MB (now ${m.currentMb} MB)`);

  // Then every contact at its wait: the Temporal worker holds all N waiting workflows.
  let allWaitingMs = Number.NaN;
  let waitingNow = 0;
  while (performance.now() - launchStarted < timeoutMs) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Contact" WHERE "runId" = $1 AND state = 'waiting_reply'`,
      [launch.body.runId],
    );
    waitingNow = rows[0]?.n ?? 0;
    if (waitingNow >= launch.body.accepted) {
      allWaitingMs = performance.now() - launchStarted;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(
    `  all contacts waiting for a reply ${Number.isNaN(allWaitingMs) ? `not within ${values.timeout} s (${waitingNow} waiting)` : `${(allWaitingMs / 1000).toFixed(1)} s after the request`}`,
  );
  for (const [name, pid] of Object.entries(stack.pids)) {
    const m = memoryOf(pid);
    console.log(`  then: peak memory ${name.padEnd(14)} ${m.peakMb} MB (now ${m.currentMb} MB)`);
  }
  const kinds = new Map<string, number>();
  for (const line of stack.serverWarnings) {
    const msg = /"msg":"([^"]+)"/.exec(line)?.[1] ?? line.slice(0, 80);
    kinds.set(msg, (kinds.get(msg) ?? 0) + 1);
  }
  console.log(
    `  temporal server warnings         ${stack.serverWarnings.length}${[...kinds]
      .slice(0, 5)
      .map(([m, n]) => `\n    ${n} x ${m}`)
      .join('')}`,
  );
} finally {
  await db.end();
  await stack.stop();
}
