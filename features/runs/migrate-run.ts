import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import pLimit from 'p-limit';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import {
  contactWorkflowId,
  JourneyVersionKey,
  migrateUpdate,
  STAY_REASONS,
  type TMigrateRequest,
  type TStayReason,
} from '../../workflows/contract/index.js';
import { MigrationTally, type TMigration, type TMigrationTarget } from './plan-run-migration.js';

export interface MigrateDeps {
  db: Db;
  temporal: Client;
  namespace: string;
  logger: Logger;
  /** Contacts read per page. */
  pageSize?: number;
  /** Updates in flight at once. */
  concurrency?: number;
}

type TAnswer = { moved: true } | { moved: false; reason: TStayReason } | { ended: true };

/**
 * Moves a run's contacts onto the newest version (`target`, from loadMigrationTarget). Only
 * contacts that Postgres shows waiting where the new version is safe for them are asked, by
 * the `migrate` update of their own workflow, which decides from where it is now and moves at
 * once or refuses with its reason; the others stay for the reason the plan gives them. Pages
 * through the contacts by id with a bounded number of updates in flight, and records each
 * moved contact's version as its page completes. Idempotent: a contact already moved answers
 * `already_moved` and is counted as current (its row is written again, in case the first
 * call died before writing it).
 */
export async function migrateRun(deps: MigrateDeps, target: TMigrationTarget): Promise<TMigration> {
  const { db } = deps;
  const pageSize = deps.pageSize ?? 500;
  const limit = pLimit(deps.concurrency ?? 32);
  const request: TMigrateRequest = {
    version: target.version,
    journey: target.journey,
    indexVersion: await hasVersionAttribute(deps),
  };
  const tally = new MigrationTally(target.version);
  let after: string | undefined;
  for (;;) {
    const contacts = await db.contact.findMany({
      where: { runId: target.run.id, endedAt: null, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: pageSize,
      select: { id: true, cursor: true, state: true, journeyVersion: true },
    });
    if (contacts.length === 0) break;
    after = contacts.at(-1)!.id;
    const landed: string[] = [];
    await Promise.all(
      contacts.map(async (contact) => {
        const planned = target.decide(contact);
        if (planned !== undefined) return tally.add(contact, planned);
        const answer = await limit(() => askContact(deps, target.run.id, contact.id, request));
        if ('ended' in answer) return;
        if (answer.moved || answer.reason === 'already_moved') landed.push(contact.id);
        tally.add(contact, answer.moved ? undefined : answer.reason);
      }),
    );
    if (landed.length > 0)
      await db.contact.updateMany({ where: { id: { in: landed } }, data: { journeyVersion: target.version } });
  }
  const result = tally.result();
  deps.logger.info({ runId: target.run.id, version: result.version, moved: result.moved }, 'run contacts migrated');
  return result;
}

/** One contact's workflow's answer to `migrate`. */
async function askContact(
  deps: MigrateDeps,
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
    deps.logger.warn({ err: error, runId, contactId }, 'contact not migrated');
    return { moved: false, reason: 'busy' };
  }
}

/** Whether the namespace has JourneyVersion: a contact upserting an attribute it lacks would fail its task. */
async function hasVersionAttribute(deps: MigrateDeps): Promise<boolean> {
  const { customAttributes } = await deps.temporal.connection.operatorService.listSearchAttributes({
    namespace: deps.namespace,
  });
  return customAttributes[JourneyVersionKey.name] !== undefined;
}
