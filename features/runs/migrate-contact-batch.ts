import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import pLimit from 'p-limit';
import type { Db } from '../../infra/db.js';
import {
  contactWorkflowId,
  JourneyVersionKey,
  migrateUpdate,
  STAY_REASONS,
  type TMigrateBatchInput,
  type TMigrateBatchResult,
  type TMigrateRequest,
  type TStayReason,
} from '../../workflows/contract/index.js';
import { loadMigrationTarget, MigrationTally } from './plan-run-migration.js';

export interface MigrateBatchDeps {
  db: Db;
  temporal: Client;
  namespace: string;
  /** Updates in flight at once. */
  concurrency?: number;
  /** A contact that could not be asked (not a refusal): it stays, counted `busy`. */
  onUnasked?: (contactId: string, error: unknown) => void;
}

type TAnswer = { moved: true } | { moved: false; reason: TStayReason } | { ended: true };

/**
 * One page of a run's move onto a newer journey version (the `migrateContactBatch`
 * activity). Only contacts that Postgres shows waiting where the new version is safe for
 * them are asked, by the `migrate` update of their own workflow, which decides from where it
 * is now and moves at once or refuses with its reason; the others stay for the reason the
 * plan gives them. The moved contacts' version is written together at the end of the page.
 * Idempotent, so the activity may be retried: a contact already moved answers
 * `already_moved`, is counted as current, and has its row written again.
 */
export async function migrateContactBatch(
  deps: MigrateBatchDeps,
  input: TMigrateBatchInput,
): Promise<TMigrateBatchResult> {
  const { db } = deps;
  // The API checked the version can run here; a move under way goes on even if the run ends.
  const target = await loadMigrationTarget(db, input.workspaceId, input.runId, {
    hasIntentClassifier: true,
    version: input.version,
    requireLive: false,
  });
  const contacts = await db.contact.findMany({
    where: { runId: input.runId, endedAt: null, ...(input.afterContactId ? { id: { gt: input.afterContactId } } : {}) },
    orderBy: { id: 'asc' },
    take: input.limit,
    select: { id: true, cursor: true, state: true, journeyVersion: true },
  });
  const tally = new MigrationTally();
  if (contacts.length === 0) return { counts: tally.counts() };
  const request: TMigrateRequest = {
    version: target.version,
    journey: target.journey,
    indexVersion: await hasVersionAttribute(deps),
  };
  const limit = pLimit(deps.concurrency ?? 32);
  const landed: string[] = [];
  await Promise.all(
    contacts.map(async (contact) => {
      const planned = target.decide(contact);
      if (planned !== undefined) return tally.add(contact, planned);
      const answer = await limit(() => askContact(deps, input.runId, contact.id, request));
      if ('ended' in answer) return;
      if (answer.moved || answer.reason === 'already_moved') landed.push(contact.id);
      tally.add(contact, answer.moved ? undefined : answer.reason);
    }),
  );
  if (landed.length > 0)
    await db.contact.updateMany({ where: { id: { in: landed } }, data: { journeyVersion: target.version } });
  return { counts: tally.counts(), lastContactId: contacts.at(-1)!.id };
}

/** One contact's workflow's answer to `migrate`. */
async function askContact(
  deps: MigrateBatchDeps,
  runId: string,
  contactId: string,
  request: TMigrateRequest,
): Promise<TAnswer> {
  try {
    await deps.temporal.workflow.getHandle(contactWorkflowId(runId, contactId)).executeUpdate(migrateUpdate, {
      args: [request],
    });
    return { moved: true };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const type = error.cause.type;
      if (type && type in STAY_REASONS) return { moved: false, reason: type as TStayReason };
    }
    // Ended since Postgres was read: nothing left to move.
    if (error instanceof WorkflowNotFoundError) return { ended: true };
    // Anything else (an update the contact's code does not know yet, a busy server): it
    // stays where it is, safe, and the answer says to try again.
    deps.onUnasked?.(contactId, error);
    return { moved: false, reason: 'busy' };
  }
}

/** Whether the namespace has JourneyVersion: a contact upserting an attribute it lacks would fail its task. */
async function hasVersionAttribute(deps: MigrateBatchDeps): Promise<boolean> {
  const { customAttributes } = await deps.temporal.connection.operatorService.listSearchAttributes({
    namespace: deps.namespace,
  });
  return customAttributes[JourneyVersionKey.name] !== undefined;
}
