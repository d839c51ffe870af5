/**
 * Replays recorded histories of every workflow type (contactJourney, launchRun,
 * campaignSend, migrateRunContacts) against today's workflow code. A change that would break running
 * workflows (a reordered command, a new timer or activity on an old path) fails here: such
 * changes go behind patched() or into a new workflow type. Record new histories when
 * behaviour is added (test/fixtures/record-histories.ts); never edit the old ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

const dir = fileURLToPath(new URL('./fixtures/histories/', import.meta.url));
const histories = readdirSync(dir).filter((name) => name.endsWith('.json'));

describe('replay of recorded workflow histories', () => {
  it('has recorded histories of every workflow type to replay', () => {
    for (const type of ['contact-journey-', 'launch-run-', 'campaign-', 'migrate-run-']) {
      expect(histories.filter((name) => name.startsWith(type)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(histories)('%s replays deterministically', async (name) => {
    // Recorded with JSON.stringify of the handle's fetchHistory(): protobufjs' own object
    // form, alone (the oldest files) or with the workflow id it ran under, which code that
    // derives keys from the id needs to match the signals in the history.
    const recorded = JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as { workflowId?: string; history?: object };
    const history = proto.temporal.api.history.v1.History.fromObject(recorded.history ?? recorded);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') } },
        history,
        recorded.workflowId ?? `replay-${name}`,
      ),
    ).resolves.toBeUndefined();
  });
});
