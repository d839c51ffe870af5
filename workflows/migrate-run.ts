/**
 * The move of a run's contacts onto a newer journey version (live edits),
 * `run-<runId>-migrate-v<N>`: pages through the run's contacts by id, each page an activity
 * that sends the `migrate` update to the contacts it may move, and adds up what they did.
 * Durable where the API is not: if the API process dies mid-way the move goes on, and the
 * same request again joins it (same workflow id) and gets its answer. Continues as new
 * before its history grows large.
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  addCounts,
  NO_COUNTS,
  type Activities,
  type TMigrateRunInput,
  type TMigrationCounts,
} from './contract/index.js';

const { migrateContactBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** Contacts per activity: one page read, its moves recorded together. */
const PAGE_SIZE = 500;
/** Pages per execution before continuing as new: a few hundred events each. */
const PAGES_PER_EXECUTION = 100;

export async function migrateRunContacts(input: TMigrateRunInput): Promise<TMigrationCounts> {
  let counts = input.counts ?? NO_COUNTS;
  let after = input.afterContactId;
  for (let page = 0; ; page += 1) {
    if (page >= PAGES_PER_EXECUTION || workflowInfo().continueAsNewSuggested) {
      return await continueAsNew<typeof migrateRunContacts>({
        ...input,
        counts,
        ...(after ? { afterContactId: after } : {}),
      });
    }
    const result = await migrateContactBatch({
      runId: input.runId,
      workspaceId: input.workspaceId,
      version: input.version,
      limit: PAGE_SIZE,
      ...(after ? { afterContactId: after } : {}),
    });
    counts = addCounts(counts, result.counts);
    if (!result.lastContactId) return counts;
    after = result.lastContactId;
  }
}
