/**
 * `npm run chaos -- [--contacts 1000] [--rate 50] [--concurrency 10] [--faults mw,tw,redis,mw] [--timeout 300]`
 * Launches `start -> message #1 -> wait PT5S -> message #2 -> end` to N contacts on a whole
 * local stack (API + sandbox, Temporal worker, message worker as child processes, its own
 * Temporal dev server, database and redis-server), and while messages flow: SIGKILLs the
 * message worker twice and the Temporal worker once (each started again after a pause),
 * and restarts Redis empty once. Then waits (bounded) for every contact to end and the
 * queue to drain, and prints what the sandbox received against what was due. Exits 1 if
 * a target is missed: N finished, 2N received, 0 duplicates, 0 missing.
 */
import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createMessageQueue } from '../outbound/message-queue.js';
import { createRedis } from '../infra/redis.js';
import { createJourney, launchCsv, linearJourney, phones, registerWorkspace, waitFor } from './support/bench-api.js';
import { createFaults } from './support/chaos-faults.js';
import { chaosFigures, finishedCount, sandboxCount, windowHits } from './support/chaos-figures.js';
import { countWarnings, readLogLines } from './support/log-summary.js';
import { startRedisServer } from './support/redis-server.js';
import { runningWorkflows } from './support/temporal-evidence.js';
import { cleanupOnInterrupt, startBenchStack, type BenchStack } from './support/stack.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '50' },
    timeout: { type: 'string', default: '300' },
    'requeue-ms': { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '10' },
    /** Which faults, in order: mw (kill the message worker), tw (kill the Temporal worker), redis (restart it empty). */
    faults: { type: 'string', default: 'mw,tw,redis,mw' },
  },
});
const contacts = Number(values.contacts);
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isInteger(contacts) || contacts < 10 || contacts > 20_000) throw new Error('--contacts must be 10..20000');

const BODIES = ['Hi {{firstName}} #1', 'Hi {{firstName}} #2'];
const journey = linearJourney('Chaos: two messages', [
  { id: 'start', type: 'start', data: {} },
  { id: 'first', type: 'message', data: { channel: 'sms', body: BODIES[0] } },
  { id: 'pause', type: 'wait', data: { duration: 'PT5S' } },
  { id: 'second', type: 'message', data: { channel: 'sms', body: BODIES[1] } },
  { id: 'end', type: 'end', data: {} },
]);
const expected = contacts * BODIES.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

const logDir = await mkdtemp(join(tmpdir(), 'initucastt-chaos-logs-'));
const redis = await startRedisServer();
let stack: BenchStack | undefined;
let db: pg.Client | undefined;
const cleanup = async () => {
  await db?.end().catch(() => undefined);
  await stack?.stop();
  await redis.stop();
};
cleanupOnInterrupt(cleanup);

let missed = true;
try {
  stack = await startBenchStack(
    {
      MESSAGE_RATE_PER_SEC: values.rate,
      MESSAGE_REQUEUE_INTERVAL_MS: values['requeue-ms'],
      MESSAGE_WORKER_CONCURRENCY: values.concurrency,
    },
    { redisUrl: redis.url, logDir, databaseName: `initucastt_chaos_${process.pid}` },
  );
  const s = stack;
  db = new pg.Client({ connectionString: s.databaseUrl });
  await db.connect();
  const pgc = db;
  const session = await registerWorkspace(s.apiUrl, 'chaos');
  const journeyId = await createJourney(s.apiUrl, session, journey);
  const audience = phones('212', 3_000_000, contacts).map((phone, i) => ({ phone, vars: { firstName: `Guest${i}` } }));

  const kinds = values.faults.split(',').filter(Boolean);
  const { attemptsAtKills, schedule } = createFaults(s, redis);
  const faults = schedule(kinds);

  console.log(
    `chaos: ${contacts} contacts, rate ${values.rate}/s, message worker concurrency ${values.concurrency}, requeue sweep every ${values['requeue-ms']} ms, faults ${kinds.join(' ')}, logs in ${logDir}`,
  );
  const loadAtStart = loadavg()[0]!.toFixed(2);
  const launchedAt = performance.now();
  const launch = await launchCsv(s.apiUrl, session, journeyId, audience);
  const timeline: string[] = [];
  let nextFault = 0;
  let lastFaultEnd = launchedAt;
  let lastPrint = 0;
  for (;;) {
    const [received, finished] = await Promise.all([sandboxCount(pgc), finishedCount(pgc, launch.runId)]);
    const now = performance.now();
    if (now - lastPrint >= 5_000) {
      console.log(
        `  t=${seconds(launchedAt)}s  sandbox received ${received}/${expected}  contacts finished ${finished}/${contacts}`,
      );
      lastPrint = now;
    }
    const fault = faults[nextFault];
    if (fault) {
      // At a share of the expected messages (while they flow), at least 6 s apart; after 30 s regardless.
      if ((received >= fault.at * expected && now - lastFaultEnd >= 6_000) || now - lastFaultEnd >= 30_000) {
        const t = seconds(launchedAt);
        const began = performance.now();
        const detail = await fault.run();
        timeline.push(`t=${t}s at ${received} received: ${fault.label}; ${detail}; back after ${seconds(began)} s`);
        console.log(`  ${timeline.at(-1)}`);
        nextFault += 1;
        lastFaultEnd = performance.now();
      }
    } else if (finished >= contacts || now - lastFaultEnd > timeoutMs) {
      break;
    }
    await sleep(250);
  }
  const allFinishedAfter = seconds(launchedAt);

  // Stalled jobs come back only after their lock expires (30 s) and the stalled check runs: wait for the queue to drain.
  const queueConnection = createRedis(redis.url);
  const queue = createMessageQueue({ name: 'messages', prefix: s.redisPrefix, connection: queueConnection });
  const drained = await waitFor(
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(counts).every((n) => n === 0) ? counts : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  );
  const leftInQueue = drained
    ? 'none'
    : JSON.stringify(await queue.getJobCounts('waiting', 'active', 'delayed', 'failed'));
  await queue.close();
  queueConnection.disconnect();
  await sleep(2_000); // last status callbacks

  const f = await chaosFigures(pgc, launch.runId, BODIES);
  const hits = await windowHits(pgc, attemptsAtKills);
  const temporal = await runningWorkflows(s.temporalAddress, launch.runId).catch((error: unknown) => ({
    running: `unknown (${String(error)})`,
    examples: [],
  }));
  const mwLines = readLogLines(s.children.logs.get('message-worker') ?? []);
  const count = (msg: string) => mwLines.filter((l) => l.msg === msg).length;
  const requeued = mwLines
    .filter((l) => l.msg === 'unfinished sends put back on the queue')
    .map((l) => Number(l.requeued ?? 0));

  console.log(
    `\nchaos  contacts=${contacts}  rate=${values.rate}/s  concurrency=${values.concurrency}  (1-min load average: ${loadAtStart} at launch, ${loadavg()[0]!.toFixed(2)} now, ${cpus().length} cores)`,
  );
  console.log(`  faults\n${timeline.map((line) => `    ${line}`).join('\n')}`);
  console.log(
    `  contacts finished                ${f.finished}/${contacts} after ${allFinishedAfter} s  by state ${JSON.stringify(f.contactsByState)}`,
  );
  console.log(`  workflows still running (Temporal) ${temporal.running}`);
  for (const stuck of temporal.examples) {
    console.log(`    ${stuck.workflowId} pending ${JSON.stringify(stuck.pendingActivities)}`);
    for (const event of stuck.lastEvents) console.log(`      ${event}`);
  }
  console.log(
    `  messages the sandbox received    ${f.received} (expected ${expected}; distinct ${f.distinctReceived})`,
  );
  console.log(`  duplicates                       ${f.duplicates}`);
  console.log(`  missing                          ${f.missing}`);
  console.log(`  MessageLog by status             ${JSON.stringify(f.logByStatus)}  (no sid: ${f.logWithoutSid})`);
  console.log(
    `  sandbox sids on no MessageLog row ${f.orphanSandboxSids}; MessageLog sids unknown to the sandbox ${f.logSidsNotAtSandbox}`,
  );
  console.log(
    `  window hits (accepted, answered after a worker kill) ${hits.length}${hits.map((h) => `\n    ${h.to} "${h.body}": answered ${h.lateMs} ms after the kill, sid on row ${h.sidOnRow}, copies ${h.copies}`).join('')}`,
  );
  console.log(
    `  lookups that found an earlier send ${count('an earlier attempt had sent this message: recorded, not sent again')}`,
  );
  console.log(`  requeue sweeps that re-queued     ${requeued.length} (${requeued.join(', ') || '-'} sends)`);
  console.log(`  queue left after drain wait      ${leftInQueue}`);
  for (const example of [...f.duplicateExamples, ...f.missingExamples, ...f.orphanExamples])
    console.log(`    e.g. ${JSON.stringify(example)}`);
  for (const name of ['message-worker', 'temporal-worker', 'api']) {
    const warnings = countWarnings(readLogLines(s.children.logs.get(name) ?? [])).slice(0, 6);
    if (warnings.length > 0)
      console.log(`  ${name} said\n${warnings.map(([msg, n]) => `    ${n} x ${msg}`).join('\n')}`);
  }
  missed = f.finished < contacts || f.received !== expected || f.duplicates > 0 || f.missing > 0;
  console.log(
    `\n  targets (${contacts} finished, ${expected} received, 0 duplicates, 0 missing): ${missed ? 'MISSED' : 'met'}`,
  );
} finally {
  await cleanup();
}
process.exitCode = missed ? 1 : 0;
