/**
 * `npm run bench:start-floor -- [--contacts 3000] [--concurrency 500]`
 * The Temporal dev server's own cost of starting a contact workflow, with nothing else
 * running: contact workflows started as the launcher starts them (the same input size, the
 * same search attributes, batches of concurrent starts), on a task queue no worker polls,
 * so no workflow task ever runs. Prints starts per second and the server's CPU per start,
 * with and without the search attributes. This is the floor under `bench:launch`'s start
 * rate on this machine: no change in our code can start contacts faster than the server
 * accepts them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
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
  },
});
const contacts = Number(values.contacts);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(contacts) || contacts < 1) throw new Error('--contacts must be a positive whole number');
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive whole number');

const { temporal: cliPath } = ensureTools(['temporal']);
const dir = await mkdtemp(join(tmpdir(), 'initucastt-start-floor-'));
const server = await startTemporalDevServer({ cliPath, port: await freePort(), dbFile: join(dir, 'temporal.db') });
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

async function startAll(label: string, withAttributes: boolean): Promise<void> {
  const cpuBefore = cpuMsOf(serverPid!);
  const started = performance.now();
  for (let from = 0; from < contacts; from += concurrency) {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, contacts - from) }, (_, k) => {
        const i = from + k;
        const args = input(i);
        return client.workflow.start('contactJourney', {
          taskQueue: 'no-worker-polls-this',
          workflowId: `${label}-${i}`,
          args: [args],
          ...(withAttributes
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
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  // The server's CPU settles after the last answer (its visibility writes trail a little).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const cpuMs = cpuMsOf(serverPid!) - cpuBefore;
  console.log(
    `  ${label.padEnd(28)} ${(contacts / seconds).toFixed(0).padStart(5)} starts/s (${seconds.toFixed(1)} s)   server CPU ${(cpuMs / contacts).toFixed(2)} ms per start`,
  );
}

try {
  console.log(`\nbench:start-floor  ${contacts} contact workflows, ${concurrency} starts at a time, no worker`);
  console.log(`  ${cpuSpeedLine('before')}`);
  await startAll('with search attributes', true);
  await startAll('without search attributes', false);
  console.log(`  ${cpuSpeedLine('after')}`);
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
