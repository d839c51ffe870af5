/**
 * One handler per node type of the contact journey interpreter (workflows/contact-journey.ts).
 * Deterministic workflow code: time from Temporal, I/O only through activities.
 */
import { condition, patched } from '@temporalio/workflow';
import { parseDuration } from '../core/duration.js';
import { NO_MATCH_HANDLE, TIMEOUT_HANDLE } from '../core/journey/constants.js';
import { nextNodeId } from '../core/journey/graph.js';
import type { TReplyBranch } from '../core/journey/node-schemas.js';
import type { TJourneyNode } from '../core/journey/schema.js';
import { matchReply } from '../core/reply-match.js';
import { compileLegacyReplyRegex, type TCompileReplyRegex } from '../core/reply-regex.js';
import type { Ctx, Step } from './contact-context.js';
import { instantBranch, RE2_REPLY_MATCH_PATCH, testWait } from './contract/index.js';
import { runMessage } from './message-node.js';
import { classifyIntent } from './reply-intent.js';

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
    case 'split':
      return branch(ctx, node.id, instantBranch(ctx.input, node)!);
    default:
      return assertNever(node);
  }
}

export function branch(ctx: Ctx, nodeId: string, handle: string): Step {
  ctx.record({ kind: 'branch', nodeId, detail: handle });
  return { next: nextNodeId(ctx.graph, nodeId, handle) };
}

async function runWait(ctx: Ctx, node: Extract<TJourneyNode, { type: 'wait' }>): Promise<Step> {
  // A test send's contact waits seconds instead (only with input.test, which contacts
  // started before it existed never carry: their timers replay unchanged, without a patch).
  const { ms, step: shortened } = testWait(ctx.input.test, 'wait', node.id, durationMs(node.data.duration));
  ctx.state.status = 'waiting';
  ctx.state.waiting = { nodeId: node.id, for: 'timer', until: new Date(Date.now() + ms).toISOString() };
  if (shortened) ctx.record(shortened);
  ctx.index(node.id);
  await ctx.report();
  // A durable timer that a stop cuts short.
  await condition(ctx.isStopped, ms);
  ctx.state.status = 'active';
  delete ctx.state.waiting;
  return { next: nextNodeId(ctx.graph, node.id) };
}

type TWaitForReplyNode = Extract<TJourneyNode, { type: 'waitForReply' }>;

async function runWaitForReply(ctx: Ctx, node: TWaitForReplyNode): Promise<Step> {
  // A test send's contact gives its tester minutes, not days, to answer (as runWait).
  const timeout = testWait(ctx.input.test, 'reply_timeout', node.id, durationMs(node.data.timeout));
  const deadline = Date.now() + timeout.ms;
  const hasNoMatchEdge = nextNodeId(ctx.graph, node.id, NO_MATCH_HANDLE) !== undefined;
  ctx.inbox.length = 0;
  // A reply that overtook the contact on its way here (say, before its send's outcome) counts.
  ctx.inbox.push(...ctx.takeEarlyReplies());
  ctx.state.status = 'waiting_reply';
  ctx.state.waiting = { nodeId: node.id, for: 'reply', until: new Date(deadline).toISOString() };
  if (timeout.step) ctx.record(timeout.step);
  ctx.index(node.id);
  await ctx.report();
  try {
    for (;;) {
      const remaining = deadline - Date.now();
      const arrived = remaining > 0 && (await condition(() => ctx.isStopped() || ctx.inbox.length > 0, remaining));
      if (ctx.isStopped()) return { next: node.id };
      const reply = arrived ? ctx.inbox.shift() : undefined;
      if (!reply) return branch(ctx, node.id, TIMEOUT_HANDLE);
      // The node as the contact's version has it now: a move onto a newer version while it
      // waited (live edits) brings that version's branches, and keeps the deadline above.
      const current = waitForReplyNode(ctx, node);
      ctx.busy = true;
      const matched =
        matchReply(
          current.data.branches,
          {
            ...(reply.text !== undefined ? { text: reply.text } : {}),
            ...(reply.payload !== undefined ? { payload: reply.payload } : {}),
          },
          await replyRegexCompiler(current.data.branches),
        ) ?? (await classifyIntent(ctx, current, reply.text));
      ctx.busy = false;
      // A stop that came while the model was asked wins over its answer.
      if (ctx.isStopped()) return { next: node.id };
      if (matched) return branch(ctx, node.id, matched);
      // No branch matched: take the noMatch edge if drawn, else keep waiting until the timeout.
      if (current === node ? hasNoMatchEdge : nextNodeId(ctx.graph, node.id, NO_MATCH_HANDLE) !== undefined)
        return branch(ctx, node.id, NO_MATCH_HANDLE);
    }
  } finally {
    ctx.busy = false;
    ctx.state.status = 'active';
    delete ctx.state.waiting;
  }
}

/** The wait-for-reply node `node` is in the contact's graph now: itself, or its counterpart in a version the contact moved onto. */
function waitForReplyNode(ctx: Ctx, node: TWaitForReplyNode): TWaitForReplyNode {
  const current = ctx.graph.nodes.get(node.id);
  return current?.type === 'waitForReply' ? current : node;
}

/**
 * How this reply's regex branches compile. Asked per reply, and only where a regex is
 * involved: a contact already waiting when RE2 came in matches its next reply with it,
 * and replies matched with RegExp before replay as they ran.
 */
async function replyRegexCompiler(branches: readonly TReplyBranch[]): Promise<TCompileReplyRegex> {
  if (!branches.some((b) => b.match === 'regex') || !patched(RE2_REPLY_MATCH_PATCH)) return compileLegacyReplyRegex;
  // Loaded on demand, from within the bundle: the worker evaluates a workflow's modules
  // afresh for each contact, re2js takes milliseconds to evaluate, and most contacts never
  // match a regex.
  const { compileReplyRegexOrLegacy } = await import(/* webpackMode: "eager" */ '../core/regex-safety.js');
  return compileReplyRegexOrLegacy;
}

function durationMs(iso: string): number {
  const parsed = parseDuration(iso);
  // Journeys are validated before launch; a bad duration here is a bug, not user input.
  if (!parsed.ok) throw new Error(`invalid duration ${iso}: ${parsed.reason}`);
  return parsed.ms;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
