/**
 * One handler per node type of the contact journey interpreter (workflows/contact-journey.ts).
 * Deterministic workflow code: time from Temporal, I/O only through activities.
 */
import { condition } from '@temporalio/workflow';
import { evaluateCondition } from '../core/condition.js';
import { parseDuration } from '../core/duration.js';
import { NO_MATCH_HANDLE, TIMEOUT_HANDLE } from '../core/journey/constants.js';
import { nextNodeId, type TJourneyGraph } from '../core/journey/graph.js';
import type { TJourneyNode } from '../core/journey/schema.js';
import type { TSendPolicy } from '../core/policy/send-policy.js';
import { renderTemplate } from '../core/render.js';
import { matchReply } from '../core/reply-match.js';
import { chooseSplitBranch } from '../core/split.js';
import { sendWithPolicy } from './send-with-policy.js';
import {
  sendIdempotencyKey,
  type TContactJourneyInput,
  type TContactJourneyResult,
  type TContactState,
  type THistoryEntry,
  type TInbound,
} from './contract/index.js';

export type Step = { next: string | undefined } | { end: TContactJourneyResult };

export interface Ctx {
  input: TContactJourneyInput;
  graph: TJourneyGraph;
  workflowId: string;
  visits: Record<string, number>;
  inbox: TInbound[];
  state: TContactState;
  record: (entry: Omit<THistoryEntry, 'at'>) => void;
  /** Mirrors state and new history entries to Postgres. */
  report: () => Promise<void>;
  isStopped: () => boolean;
  /** The send policy, when this execution applies one (see SEND_POLICY_PATCH). */
  sendPolicy?: TSendPolicy;
}

export function runNode(ctx: Ctx, node: TJourneyNode): Promise<Step> | Step {
  switch (node.type) {
    case 'start':
      return { next: nextNodeId(ctx.graph, node.id) };
    case 'end':
      return { next: undefined };
    case 'message':
      return runMessage(ctx, node);
    case 'wait':
      return runWait(ctx, node);
    case 'waitForReply':
      return runWaitForReply(ctx, node);
    case 'condition':
      return branch(ctx, node.id, evaluateCondition(node.data.rules, ctx.input.vars));
    case 'split':
      // Seeded by contact and node: the same contact always lands in the same branch.
      return branch(ctx, node.id, chooseSplitBranch(node.data.branches, `${ctx.input.contactId}:${node.id}`));
    default:
      return assertNever(node);
  }
}

function branch(ctx: Ctx, nodeId: string, handle: string): Step {
  ctx.record({ kind: 'branch', nodeId, detail: handle });
  return { next: nextNodeId(ctx.graph, nodeId, handle) };
}

async function runMessage(ctx: Ctx, node: Extract<TJourneyNode, { type: 'message' }>): Promise<Step> {
  const vars = { ...ctx.input.vars, phone: ctx.input.phone };
  const content = renderContent(node.data, vars);
  if ('missing' in content) {
    const error = `missing variables: ${content.missing.join(', ')}`;
    ctx.record({ kind: 'send_failed', nodeId: node.id, detail: error });
    return { end: { status: 'failed', cursor: node.id, error } };
  }
  const policy = ctx.sendPolicy;
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
    policy,
    {
      timeZoneHint: ctx.input.vars.timezone,
      ...(node.data.overCap ? { overCap: node.data.overCap } : {}),
      isStopped: ctx.isStopped,
      onWait: async (reason, until, detail) => {
        ctx.record({ kind: 'send_deferred', nodeId: node.id, detail });
        ctx.state.status = 'waiting';
        ctx.state.waiting = { nodeId: node.id, for: reason, until: new Date(until).toISOString() };
        await ctx.report();
      },
      onWaitEnd: () => {
        ctx.state.status = 'active';
        delete ctx.state.waiting;
      },
    },
  );
  switch (outcome.status) {
    case 'stopped':
      return { next: node.id };
    case 'skipped':
      ctx.record({ kind: 'send_skipped', nodeId: node.id, detail: outcome.error ?? 'over the frequency cap' });
      return { next: nextNodeId(ctx.graph, node.id) };
    case 'suppressed': {
      // Held back (the run or contact was stopped, or the phone opted out, while the send
      // waited in the queue): the contact does not go on without that message.
      const reason = outcome.error ?? 'send suppressed';
      ctx.record({ kind: 'send_failed', nodeId: node.id, detail: reason });
      return { end: { status: 'stopped', cursor: node.id, error: reason } };
    }
    case 'failed': {
      const error = outcome.error ?? 'send failed';
      ctx.record({
        kind: 'send_failed',
        nodeId: node.id,
        detail: error,
        attempts: outcome.attempts,
        ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
      });
      return { end: { status: 'failed', cursor: node.id, error } };
    }
    case 'sent':
      ctx.record({
        kind: 'sent',
        nodeId: node.id,
        attempts: outcome.attempts,
        ...(outcome.twilioSid ? { messageSid: outcome.twilioSid } : {}),
      });
      return { next: nextNodeId(ctx.graph, node.id) };
    default:
      return assertNever(outcome);
  }
}

function renderContent(
  data: Extract<TJourneyNode, { type: 'message' }>['data'],
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

async function runWait(ctx: Ctx, node: Extract<TJourneyNode, { type: 'wait' }>): Promise<Step> {
  const ms = durationMs(node.data.duration);
  ctx.state.status = 'waiting';
  ctx.state.waiting = { nodeId: node.id, for: 'timer', until: new Date(Date.now() + ms).toISOString() };
  await ctx.report();
  // A durable timer that a stop cuts short.
  await condition(ctx.isStopped, ms);
  ctx.state.status = 'active';
  delete ctx.state.waiting;
  return { next: nextNodeId(ctx.graph, node.id) };
}

async function runWaitForReply(ctx: Ctx, node: Extract<TJourneyNode, { type: 'waitForReply' }>): Promise<Step> {
  const deadline = Date.now() + durationMs(node.data.timeout);
  const hasNoMatchEdge = nextNodeId(ctx.graph, node.id, NO_MATCH_HANDLE) !== undefined;
  ctx.inbox.length = 0;
  ctx.state.status = 'waiting_reply';
  ctx.state.waiting = { nodeId: node.id, for: 'reply', until: new Date(deadline).toISOString() };
  await ctx.report();
  try {
    for (;;) {
      const remaining = deadline - Date.now();
      const arrived = remaining > 0 && (await condition(() => ctx.isStopped() || ctx.inbox.length > 0, remaining));
      if (ctx.isStopped()) return { next: node.id };
      const reply = arrived ? ctx.inbox.shift() : undefined;
      if (!reply) return branch(ctx, node.id, TIMEOUT_HANDLE);
      const matched = matchReply(node.data.branches, {
        ...(reply.text !== undefined ? { text: reply.text } : {}),
        ...(reply.payload !== undefined ? { payload: reply.payload } : {}),
      });
      if (matched) return branch(ctx, node.id, matched);
      // No branch matched: take the noMatch edge if drawn, else keep waiting until the timeout.
      if (hasNoMatchEdge) return branch(ctx, node.id, NO_MATCH_HANDLE);
    }
  } finally {
    ctx.state.status = 'active';
    delete ctx.state.waiting;
  }
}

function durationMs(iso: string): number {
  const parsed = parseDuration(iso);
  // Journeys are validated before launch; a bad duration here is a bug, not user input.
  if (!parsed.ok) throw new Error(`invalid duration ${iso}: ${parsed.reason}`);
  return parsed.ms;
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
