/**
 * The message node of the contact journey interpreter: render, send under the send policy,
 * and go on by the outcome. A version 2 contact sends through the `enqueueSend` local
 * activity (which writes its progress with the send's row) and the `sendOutcome` signal,
 * and hands the message worker the rest of its path when that is only instant steps to
 * the end: the worker then mirrors the end with the outcome, and the contact ends without
 * a progress write of its own. Deterministic workflow code.
 */
import { condition, proxyLocalActivities } from '@temporalio/workflow';
import { nextNodeId } from '../core/journey/graph.js';
import type { TJourneyNode } from '../core/journey/schema.js';
import { renderTemplate } from '../core/render.js';
import type { Ctx, Step } from './contact-context.js';
import {
  endAfterSend,
  failedReason,
  outcomeEntry,
  sendIdempotencyKey,
  suppressedReason,
  type Activities,
  type SendMessageInput,
  type TAfterSend,
  type TSendOutcome,
  type TStep,
} from './contract/index.js';
import { instantBranch } from './instant-nodes.js';
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

/** Instant nodes followed after a send before a path counts as too long to hand over. */
const MAX_INSTANT_STEPS = 50;

type TMessageNode = Extract<TJourneyNode, { type: 'message' }>;

export async function runMessage(ctx: Ctx, node: TMessageNode): Promise<Step> {
  const content = renderContent(node.data, { ...ctx.input.vars, phone: ctx.input.phone });
  if ('missing' in content) {
    const error = `missing variables: ${content.missing.join(', ')}`;
    ctx.record({ kind: 'send_failed', nodeId: node.id, detail: error });
    return { end: { status: 'failed', cursor: node.id, error } };
  }
  const afterSend = ctx.version === 1 ? undefined : instantPathToEnd(ctx, node);
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
    },
    ctx.sendPolicy,
    {
      timeZoneHint: ctx.input.vars.timezone,
      ...(node.data.overCap ? { overCap: node.data.overCap } : {}),
      isStopped: ctx.isStopped,
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
      ...(ctx.version === 1 ? {} : { transport: (input: SendMessageInput) => enqueueAndWait(ctx, input, afterSend) }),
    },
  );
  if (outcome.status === 'stopped') return { next: node.id };

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

/** Records a mirrored entry, counting a visit as the interpreter's loop would. */
function visit(ctx: Ctx, entry: TStep): void {
  if (entry.kind === 'visit' && entry.nodeId) ctx.visits[entry.nodeId] = (ctx.visits[entry.nodeId] ?? 0) + 1;
  ctx.record(entry);
}

/**
 * Queues the send (with the progress so far) and waits for the message worker's signal.
 * A send decided at once (a final row, the frequency cap) answers from the local activity.
 */
async function enqueueAndWait(
  ctx: Ctx,
  input: SendMessageInput,
  afterSend: TAfterSend | undefined,
): Promise<TSendOutcome> {
  const key = input.idempotencyKey;
  let progress: ReturnType<Ctx['takeProgress']> | undefined = ctx.takeProgress();
  for (;;) {
    const enqueued = await enqueueSend({
      ...input,
      ...(progress ? { progress } : {}),
      ...(afterSend ? { afterSend } : {}),
    });
    progress = undefined;
    if (enqueued.status !== 'queued') return enqueued;
    if (await condition(() => ctx.outcomes.has(key), SEND_RECHECK)) break;
  }
  const outcome = ctx.outcomes.get(key)!;
  ctx.outcomes.delete(key);
  return outcome;
}

/**
 * The steps after `node` when they are all instant (conditions, splits) up to the end, as
 * the interpreter's loop records them; undefined when the contact would stop anywhere else
 * (another message, a wait, a missing node), which its own progress writes then cover.
 */
function instantPathToEnd(ctx: Ctx, node: TMessageNode): TAfterSend | undefined {
  const steps: TStep[] = [];
  let id = nextNodeId(ctx.graph, node.id);
  while (steps.length < MAX_INSTANT_STEPS) {
    if (id === undefined) return { steps };
    const next = ctx.graph.nodes.get(id);
    if (!next) return undefined;
    steps.push({ kind: 'visit', nodeId: next.id });
    if (next.type === 'end') return { steps };
    const handle = instantBranch(ctx.input, next);
    if (handle === undefined) return undefined;
    steps.push({ kind: 'branch', nodeId: next.id, detail: handle });
    id = nextNodeId(ctx.graph, next.id, handle);
  }
  return undefined;
}

function renderContent(
  data: TMessageNode['data'],
  vars: Record<string, unknown>,
): { body: string } | { contentSid: string; contentVariables: Record<string, string> } | { missing: string[] } {
  const typedVars = vars as Parameters<typeof renderTemplate>[1];
  if ('body' in data && data.body !== undefined) {
    const rendered = renderTemplate(data.body, typedVars);
    return rendered.ok ? { body: rendered.text } : { missing: rendered.missing };
  }
  const contentVariables: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, value] of Object.entries(data.contentVariables ?? {})) {
    const rendered = renderTemplate(value, typedVars);
    if (rendered.ok) contentVariables[key] = rendered.text;
    else missing.push(...rendered.missing);
  }
  return missing.length > 0 ? { missing } : { contentSid: data.contentSid, contentVariables };
}
