/**
 * `npm run bench:start-floor -- [--contacts 3000] [--concurrency 500] [--memory]
 *   [--sqlite-pragma NAME=VALUE ...] [--dynamic-config KEY=VALUE ...]`
 * The Temporal dev server's own cost of starting a contact workflow, with nothing else
 * running: contact workflows started as the launcher starts them (the same input, search
 * attributes and task priority, batches of concurrent starts), on a task queue no worker
 * polls, so no workflow task ever runs. Then the same without the search attributes, and
 * the least a start can be (an input of one small number, no attributes, no priority). Each line prints
 * starts per second, the server's CPU per start and how many of the machine's cores the
 * server kept busy. This is the floor under `bench:launch`'s start rate on this machine: no
 * change in our code can start contacts faster than the server accepts them.
 *
 * What it showed (2026-12-04, 2 cores): 300 to 400 starts/s whatever the start carries,
 * with the server busy on only 1.2 to 1.3 of the 2 cores. The dev server keeps its state in
 * SQLite through one connection, and every start's writes (the execution, its visibility
 * row, the transfer task's read of it) queue for it. Seen with no effect on that ceiling:
 * the input's size, the search attributes, the task priority, a start delay, an in-memory
 * database, fairness off, and the pragmas cache_size, mmap_size, locking_mode=exclusive and
 * temp_store=memory. The flags above let that be tried again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { workspaceTaskPriority } from '../core/fair-share.js';
import { surveyJourney } from '../core/journey/fixtures.js';
import { freePort } from '../scripts/free-port.js';
import { startTemporalDevServer } from '../scripts/temporal-dev-server.js';
import { ensureTools } from '../scripts/tools.js';
import {
  CONTACT_VERSION,
  ContactPhoneKey,
  JourneyIdKey,
  JourneyNodeKey,
  RunIdKey,
  WorkspaceIdKey,
  type TContactJourneyInput,
} from '../workflows/contract/index.js';
import { cpuSpeedLine } from './support/cpu-speed.js';
import { cpuMsOf } from './support/stack.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '500' },
    memory: { type: 'boolean', default: false },
    'sqlite-pragma': { type: 'string', multiple: true, default: [] },
    'dynamic-config': { type: 'string', multiple: true, default: [] },
  },
});
const contacts = Number(values.contacts);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(contacts) || contacts < 1) throw new Error('--contacts must be a positive whole number');
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive whole number');

const { temporal: cliPath } = ensureTools(['temporal']);
const dir = await mkdtemp(join(tmpdir(), 'initucastt-start-floor-'));
const server = await startTemporalDevServer({
  cliPath,
  port: await freePort(),
  ...(values.memory ? {} : { dbFile: join(dir, 'temporal.db') }),
  sqlitePragmas: values['sqlite-pragma'],
  dynamicConfig: values['dynamic-config'],
});
const client = new Client({ connection: await Connection.connect({ address: server.address }) });
const serverPid = server.process.pid;
if (!serverPid) throw new Error('the Temporal dev server has no pid');

/** A contact's input as the launcher builds it: the whole journey snapshot rides along. */
const input = (i: number): TContactJourneyInput => ({
  version: CONTACT_VERSION,
  workspaceId: '00000000-0000-4000-8000-000000000001',
  runId: '00000000-0000-4000-8000-000000000002',
  journeyId: '00000000-0000-4000-8000-000000000003',
  contactId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  phone: `+1212${String(2_000_000 + i)}`,
  vars: { name: `Guest ${i}` },
  journey: surveyJourney(),
});

/** What a start carries: as the launcher starts it, without search attributes, or the least it can. */
type Shape = 'launcher' | 'no attributes' | 'least';

function startOne(shape: Shape, i: number) {
  const args = input(i);
  const workflowId = `${shape.replace(' ', '-')}-${i}`;
  if (shape === 'least')
    return client.workflow.start('contactJourney', { taskQueue: 'no-worker-polls-this', workflowId, args: [{ i }] });
  return client.workflow.start('contactJourney', {
    taskQueue: 'no-worker-polls-this',
    workflowId,
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [args],
    priority: workspaceTaskPriority(args.workspaceId),
    ...(shape === 'launcher'
      ? {
          typedSearchAttributes: [
            { key: RunIdKey, value: args.runId },
            { key: JourneyIdKey, value: args.journeyId },
            { key: WorkspaceIdKey, value: args.workspaceId },
            { key: ContactPhoneKey, value: args.phone },
            { key: JourneyNodeKey, value: 'ask' },
          ],
        }
      : {}),
  });
}

async function startAll(label: string, shape: Shape): Promise<void> {
  const cpuBefore = cpuMsOf(serverPid!);
  const started = performance.now();
  for (let from = 0; from < contacts; from += concurrency) {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, contacts - from) }, (_, k) => startOne(shape, from + k)),
    );
  }
  const wallMs = performance.now() - started;
  const busyCores = (cpuMsOf(serverPid!) - cpuBefore) / wallMs;
  // The server's CPU settles after the last answer (its visibility writes trail a little).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const cpuMs = cpuMsOf(serverPid!) - cpuBefore;
  console.log(
    `  ${label.padEnd(44)} ${(contacts / (wallMs / 1000)).toFixed(0).padStart(5)} starts/s (${(wallMs / 1000).toFixed(1)} s)   server CPU ${(cpuMs / contacts).toFixed(2)} ms per start, busy on ${busyCores.toFixed(2)} of ${availableParallelism()} cores`,
  );
}

try {
  console.log(
    `\nbench:start-floor  ${contacts} contact workflows, ${concurrency} starts at a time, no worker, ${values.memory ? 'in-memory database' : 'database file'}`,
  );
  console.log(`  ${cpuSpeedLine('before')}`);
  await startAll('as the launcher starts them', 'launcher');
  await startAll('without search attributes', 'no attributes');
  await startAll('one-number input, no attributes or priority', 'least');
  console.log(`  ${cpuSpeedLine('after')}`);
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
