/**
 * `npm run bench:webhook -- [--contacts 1000] [--rate 20] [--timeout 300] [--profile DIR]`
 * On a whole local stack (API, Temporal worker, message worker, own Temporal dev server),
 * launches `message -> waitForReply -> message -> end` to N contacts, waits until every
 * contact waits for its reply, then POSTs Twilio's signed inbound webhook for each phone at
 * --rate per second (open loop: each request goes at its time whether or not the ones
 * before have been answered, as Twilio's would), and prints:
 * - the webhook's answer time as Twilio sees it (p50, p95, p99, max; Twilio gives up at 15 s);
 * - from each reply to the contact's follow-up message reaching the sandbox (the reply
 *   stored, signalled, matched by the workflow, the send queued, sent and recorded);
 * - CPU per process per reply, and each process's peak memory.
 * Sending is unthrottled, so the figures are the system's, not the rate limit's.
 * Exits 1 if a webhook was not answered 200 or a contact did not finish. `--profile DIR`
 * runs every app process with `--cpu-prof` into DIR (the whole run, launch included).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SANDBOX_AUTH_TOKEN } from '../infra/config.js';
import { signTwilioRequest } from '../infra/twilio.js';
import { createJourney, launchCsv, phones, registerWorkspace, waitForProgress } from './support/bench-api.js';
import { cpuSpeedLine } from './support/cpu-speed.js';
import { cpuBreakdown, sampleStack } from './support/send-figures.js';
import { cleanupOnInterrupt, envFromPairs, memoryOf, startBenchStack, type BenchStack } from './support/stack.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '20' },
    timeout: { type: 'string', default: '300' },
    profile: { type: 'string' },
    /** Extra env of the Temporal worker, `KEY=VALUE` (repeatable), e.g. NODE_OPTIONS or TEMPORAL_MAX_CACHED_WORKFLOWS. */
    'worker-env': { type: 'string', multiple: true, default: [] },
  },
});
const contacts = Number(values.contacts);
const rate = Number(values.rate);
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isInteger(contacts) || contacts < 1 || contacts > 100_000) throw new Error('--contacts must be 1..100000');
if (!(rate > 0 && rate <= 10_000)) throw new Error('--rate must be 1..10000 per second');

/** The default SMS sender (TWILIO_SMS_FROM's default): replies to it reach every workspace without a number of its own. */
const OUR_NUMBER = '+15005550006';

const journey = {
  name: 'Bench: ask, wait for the reply, thank',
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
    {
      id: 'thanks',
      type: 'message',
      position: { x: 0, y: 300 },
      data: { channel: 'sms', body: 'Thanks {{name}}, you are confirmed.' },
    },
    { id: 'end', type: 'end', position: { x: 0, y: 400 }, data: {} },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'ask' },
    { id: 'b', source: 'ask', target: 'reply' },
    { id: 'c', source: 'reply', sourceHandle: 'yes', target: 'thanks' },
    { id: 'd', source: 'reply', sourceHandle: 'timeout', target: 'end' },
    { id: 'e', source: 'thanks', target: 'end' },
  ],
};

function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}
const ms = (q: ReturnType<typeof quantiles>) =>
  `p50 ${q.p50.toFixed(1)} ms, p95 ${q.p95.toFixed(1)} ms, p99 ${q.p99.toFixed(1)} ms, max ${q.max.toFixed(1)} ms`;

interface Reply {
  phone: string;
  /** Epoch ms when the POST went out. */
  sentAt: number;
  answerMs: number;
  status: number;
}

/** One signed inbound webhook, as Twilio sends it for an SMS reply. */
async function postReply(apiUrl: string, phone: string): Promise<Omit<Reply, 'phone'>> {
  const url = `${apiUrl}/api/inbound`;
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: 'AC00000000000000000000000000000000',
    From: phone,
    To: OUR_NUMBER,
    Body: 'yes',
    NumMedia: '0',
  };
  const sentAt = Date.now();
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(SANDBOX_AUTH_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  }).catch(() => undefined);
  await response?.arrayBuffer().catch(() => undefined);
  return { sentAt, answerMs: performance.now() - started, status: response?.status ?? 0 };
}

const logDir = await mkdtemp(join(tmpdir(), 'initucastt-webhook-logs-'));
let stack: BenchStack | undefined;
let db: pg.Client | undefined;
let sampling: Awaited<ReturnType<typeof sampleStack>> | undefined;
const cleanup = async () => {
  sampling?.stop();
  await db?.end().catch(() => undefined);
  await stack?.stop();
};
cleanupOnInterrupt(cleanup);

const problems: string[] = [];
try {
  // Read before the stack starts, on an idle machine.
  const speedAtStart = cpuSpeedLine('before');
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  stack = await startBenchStack(
    { MESSAGE_RATE_PER_SEC: '0', MESSAGE_WORKER_CONCURRENCY: '50' },
    {
      logDir,
      databaseName: `initucastt_webhook_${process.pid}`,
      sandboxProcess: true,
      processEnv: { 'temporal-worker': envFromPairs(values['worker-env']) },
      ...(values.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] } : {}),
    },
  );
  const s = stack;
  db = new pg.Client({ connectionString: s.databaseUrl });
  await db.connect();
  const pgc = db;
  sampling = await sampleStack(s, pgc);
  const { sampler } = sampling;
  console.log(`bench:webhook  ${cpus().length} cores, load average ${loadAtStart}; logs in ${logDir}`);
  console.log(`  ${speedAtStart}`);

  const session = await registerWorkspace(s.apiUrl, 'bench-webhook');
  const journeyId = await createJourney(s.apiUrl, session, journey);
  const audience = phones('213', 3_000_000, contacts);
  const { runId, accepted } = await launchCsv(
    s.apiUrl,
    session,
    journeyId,
    audience.map((phone, i) => ({ phone, vars: { name: `Guest ${i}` } })),
  );
  if (accepted !== contacts) throw new Error(`launch accepted ${accepted} of ${contacts}`);
  /** Waits until every contact of the run is in `state`; answers how many were, or undefined. */
  const allContactsIn = async (state: 'waiting_reply' | 'done', label: string) => {
    const { done } = await waitForProgress(
      async () => {
        const { rows } = await pgc.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Contact" WHERE "runId" = $1 AND state = $2::"ContactState"`,
          [runId, state],
        );
        const n = rows[0]?.n ?? 0;
        return { ...(n >= contacts ? { done: n } : {}), progress: n };
      },
      { timeoutMs, stallMs: 60_000, intervalMs: 250, label },
    );
    return done;
  };
  const waiting = { done: await allContactsIn('waiting_reply', 'contacts waiting for their reply') };
  if (waiting.done === undefined) throw new Error('not every contact came to wait for its reply');

  // Open loop: reply i goes at i / rate seconds, answered or not.
  const from = performance.now();
  const replies = await Promise.all(
    audience.map(async (phone, i) => {
      const due = from + (i * 1_000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return { phone, ...(await postReply(s.apiUrl, phone)) } satisfies Reply;
    }),
  );
  const postedS = (performance.now() - from) / 1000;

  const finished = { done: await allContactsIn('done', 'contacts finished') };
  const to = performance.now();
  const { rows: thanks } = await pgc.query<{ phone: string; sent_at: Date }>(
    `SELECT m.phone, s."dateCreated" AS sent_at FROM "MessageLog" m JOIN "SandboxMessage" s ON s.sid = m."twilioSid"
     WHERE m."runId" = $1 AND m."nodeId" = 'thanks'`,
    [runId],
  );
  const repliedAt = new Map(replies.map((r) => [r.phone, r.sentAt]));
  const replyToThanks = thanks
    .map((row) => row.sent_at.getTime() - (repliedAt.get(row.phone) ?? Number.NaN))
    .filter((v) => Number.isFinite(v));

  const not200 = replies.filter((r) => r.status !== 200);
  if (not200.length > 0)
    problems.push(
      `${not200.length} webhooks not answered 200 (${[...new Set(not200.map((r) => r.status))].join(', ')})`,
    );
  if ((finished.done ?? 0) < contacts) problems.push(`${finished.done ?? 'not all'} of ${contacts} contacts finished`);

  console.log(
    `\n${contacts} replies POSTed to /api/inbound at ${rate}/s (open loop) over ${postedS.toFixed(1)} s; ${replies.length - not200.length} answered 200`,
  );
  console.log(`  webhook answer time (as Twilio sees it)    ${ms(quantiles(replies.map((r) => r.answerMs)))}`);
  console.log(
    `  reply to follow-up message at the sandbox  ${ms(quantiles(replyToThanks))}  (${replyToThanks.length} follow-ups)`,
  );
  console.log(`  contacts finished                          ${finished.done ?? 'NOT ALL'} of ${contacts}`);
  console.log(cpuBreakdown(sampler, from, to, contacts, '  ').replaceAll('CPU/msg', 'CPU/reply'));
  console.log(`  ${cpuSpeedLine('after')}`);
  console.log('\n  peak RSS per process (kernel high-water mark)');
  for (const [name, pid] of Object.entries(s.pids))
    console.log(`    ${name.padEnd(18)} ${memoryOf(pid).peakMb.toFixed(0).padStart(5)} MB`);
  if (problems.length > 0) {
    console.log(`\n  PROBLEMS: ${problems.join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await cleanup();
}
