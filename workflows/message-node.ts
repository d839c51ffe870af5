/**
 * The message node of the contact journey interpreter: render, send under the send policy,
 * and go on by the outcome. A version 2 contact sends through the `enqueueSend` local
 * activity (which writes its progress with the send's row) and the `sendOutcome` signal,
 * and hands the message worker the rest of its path when that is only instant steps to
 * the end: the worker then mirrors the end with the outcome, and the contact ends without
 * a progress write of its own. A version 3 contact does not even wait for that outcome: it
 * ends as soon as such a send is queued (handed off). Deterministic workflow code.
 */
import { condition, proxyLocalActivities } from '@temporalio/workflow';
import { nextNodeId } from '../core/journey/graph.js';
import type { Ctx, Step } from './contact-context.js';
import {
  endAfterSend,
  failedReason,
  handsOff,
  instantPathToEnd,
  outcomeEntry,
  renderMessage,
  sendIdempotencyKey,
  suppressedReason,
  type Activities,
  type SendMessageInput,
  type TAfterSend,
  type THandedOff,
  type TMessageNode,
  type TSendOutcome,
  type TStep,
} from './contract/index.js';
import { sendWithPolicy } from './send-with-policy.js';

const { enqueueSend } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * How long a queued send waits for its outcome before asking again. Asking again re-asserts
 * the same row and job (never a second send) and answers at once when the row is final: it
 * recovers an outcome whose signal was lost. A queued send costs nothing meanwhile, however
 * long the queue ahead of it.
 */
const SEND_RECHECK = '15 minutes';

export async function runMessage(ctx: Ctx, node: TMessageNode): Promise<Step> {
  const content = renderMessage(node, ctx.input);
  if ('missing' in content) {
    const error = `missing variables: ${content.missing.join(', ')}`;
    ctx.record({ kind: 'send_failed', nodeId: node.id, detail: error });
    return { end: { status: 'failed', cursor: node.id, error } };
  }
  const afterSend = ctx.version === 1 ? undefined : instantPathToEnd(ctx.graph, ctx.input, node.id);
  const handOff = handsOff(ctx.version, afterSend);
  // The first message of a contact the launcher queued it for: the launcher wrote the
  // contact's progress up to here, so those entries are not written again.
  const queued = ctx.firstSendQueued;
  ctx.firstSendQueued = false;
  if (queued) ctx.takeProgress();
  // The launcher queued it handed off (it plans the same path): nothing left to do here.
  if (queued && handOff) return handedOff(node.id);
  let firstAttemptQueued = queued;
  const outcome = await sendWithPolicy(
    {
      idempotencyKey: sendIdempotencyKey(ctx.workflowId, node.id, ctx.visits[node.id] ?? 1),
      workspaceId: ctx.input.workspaceId,
      runId: ctx.input.runId,
      contactId: ctx.input.contactId,
      nodeId: node.id,
      to: ctx.input.phone,
      channel: node.data.channel,
      ...content,
      // Activity input only, no new command: a test send's rows are marked, launches' unchanged.
      ...(ctx.input.test ? { test: true } : {}),
    },
    ctx.sendPolicy,
    {
      timeZoneHint: ctx.input.vars.timezone,
      ...(node.data.overCap ? { overCap: node.data.overCap } : {}),
      isStopped: ctx.isStopped,
      onSend: ctx.noteSend,
      onWait: async (reason, until, detail) => {
        ctx.record({ kind: 'send_deferred', nodeId: node.id, detail });
        ctx.state.status = 'waiting';
        ctx.state.waiting = { nodeId: node.id, for: reason, until: new Date(until).toISOString() };
        ctx.index(node.id);
        await ctx.report();
      },
      onWaitEnd: () => {
        ctx.state.status = 'active';
        delete ctx.state.waiting;
      },
      ...(ctx.version === 1
        ? {}
        : {
            transport: (input: SendMessageInput) => {
              // Only the first attempt was queued by the launcher; one asked for again after a deferral is queued here.
              const alreadyQueued = firstAttemptQueued;
              firstAttemptQueued = false;
              return enqueueAndWait(ctx, input, afterSend, alreadyQueued, handOff);
            },
          }),
      queued,
    },
  );
  if (outcome.status === 'stopped') return { next: node.id };
  if (outcome.status === 'handed_off') return handedOff(node.id);

  const mirrored = ctx.version === 1 ? undefined : endAfterSend(node.id, outcome, afterSend);
  if (mirrored) {
    // The side that learnt the outcome wrote this end; the contact records it the same way.
    for (const entry of mirrored.entries) visit(ctx, entry);
    const { state: status, cursor, error } = mirrored;
    return { end: { status, cursor: cursor ?? undefined, ...(error ? { error } : {}) }, mirrored: true };
  }
  const entry = outcomeEntry(node.id, outcome);
  if (entry) ctx.record(entry);
  switch (outcome.status) {
    case 'sent':
    case 'skipped':
      return { next: nextNodeId(ctx.graph, node.id) };
    case 'suppressed':
      return { end: { status: 'stopped', cursor: node.id, error: suppressedReason(outcome) } };
    case 'failed':
      return { end: { status: 'failed', cursor: node.id, error: failedReason(outcome) } };
  }
}

/** The contact's end once its last send is queued: the message worker writes the rest. */
function handedOff(nodeId: string): Step {
  return { end: { status: 'handed_off', cursor: nodeId }, mirrored: true };
}

/** Records a mirrored entry, counting a visit as the interpreter's loop would. */
function visit(ctx: Ctx, entry: TStep): void {
  if (entry.kind === 'visit' && entry.nodeId) ctx.visits[entry.nodeId] = (ctx.visits[entry.nodeId] ?? 0) + 1;
  ctx.record(entry);
}

/**
 * Queues the send (with the progress so far) and waits for the message worker's signal;
 * a send handed off answers `handed_off` once it is queued, without waiting. A send
 * decided at once (a final row, the frequency cap) answers from the local activity.
 */
async function enqueueAndWait(
  ctx: Ctx,
  input: SendMessageInput,
  afterSend: TAfterSend | undefined,
  alreadyQueued: boolean,
  handOff: boolean,
): Promise<TSendOutcome | THandedOff> {
  const key = input.idempotencyKey;
  let progress: ReturnType<Ctx['takeProgress']> | undefined = ctx.takeProgress();
  for (let queued = alreadyQueued; ; queued = false) {
    if (!queued) {
      const enqueued = await enqueueSend({
        ...input,
        ...(progress ? { progress } : {}),
        ...(afterSend ? { afterSend } : {}),
        ...(handOff ? { handOff } : {}),
      });
      progress = undefined;
      if (enqueued.status !== 'queued') return enqueued;
      if (handOff) return { status: 'handed_off' };
    }
    if (await condition(() => ctx.outcomes.has(key), SEND_RECHECK)) break;
  }
  const outcome = ctx.outcomes.get(key)!;
  ctx.outcomes.delete(key);
  return outcome;
}
