/**
 * Live edits in the contact workflow: the `migrate` update moves the contact onto a newer
 * version of its journey where it waits. Deterministic workflow code: the validator reads
 * only workflow state (a refusal records nothing), and an accepted move swaps the contact's
 * journey snapshot within the update's handler, with no await, so it takes effect at a
 * point the history records (the update's accepted event) and replays there.
 */
import {
  ApplicationFailure,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { buildGraph } from '../core/journey/graph.js';
import type { Ctx } from './contact-context.js';
import {
  JourneyVersionKey,
  LIVE_EDIT_PATCH,
  migrateUpdate,
  moveRefusal,
  STAY_REASONS,
  type TContactPosition,
  type TMigrateRequest,
} from './contract/index.js';

/**
 * Takes `migrate` updates for the contact's life. `indexed`: the contact carries our search
 * attributes (a launched contact on a server that has them), so JourneyVersion may be upserted.
 *
 * What stays as it was: the timer or reply deadline the contact waits on (already running, so
 * the new version's duration applies only to its later waits), its visits (a message already
 * sent keeps its idempotency key), its replies, and the send policy it started with.
 */
export function acceptMigrations(ctx: Ctx, indexed: boolean): void {
  setHandler(
    migrateUpdate,
    (request) => {
      // Only a moved contact reaches here (the validator refused the others), so only its
      // history carries the marker; histories without the update replay as they ran.
      patched(LIVE_EDIT_PATCH);
      const nodeId = ctx.state.cursor!;
      ctx.input = { ...ctx.input, journey: request.journey, journeyVersion: request.version };
      ctx.graph = buildGraph(request.journey);
      ctx.record({ kind: 'migrated', nodeId, detail: `version ${request.version}` });
      if (indexed && request.indexVersion) upsertSearchAttributes([{ key: JourneyVersionKey, value: request.version }]);
      showVersion(request.version);
      return { version: request.version, nodeId };
    },
    { validator: (request) => refuseUnsafe(ctx, request) },
  );
}

/** Temporal UI's "current details" of the contact: the journey version it walks. */
export function showVersion(version: number | undefined): void {
  if (version !== undefined) setCurrentDetails(`Journey version ${version}`);
}

function refuseUnsafe(ctx: Ctx, request: TMigrateRequest): void {
  const current = ctx.input.journeyVersion;
  if (current !== undefined && request.version <= current) refuse('already_moved');
  const reason = moveRefusal(position(ctx), request.journey);
  if (reason) refuse(reason);
}

function position(ctx: Ctx): TContactPosition {
  const { state } = ctx;
  const nodeId = state.cursor;
  const waitingFor =
    ctx.busy || state.status === 'active'
      ? undefined
      : state.status === 'waiting_reply'
        ? 'reply'
        : state.waiting?.for === 'timer'
          ? 'timer'
          : undefined;
  return { nodeId, nodeType: nodeId ? ctx.graph.nodes.get(nodeId)?.type : undefined, waitingFor };
}

function refuse(reason: keyof typeof STAY_REASONS): never {
  throw ApplicationFailure.create({ type: reason, message: STAY_REASONS[reason], nonRetryable: true });
}
