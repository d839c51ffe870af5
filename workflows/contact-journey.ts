/**
 * One contact walking one journey version. A small interpreter: a loop, one handler per
 * node type, and an exhaustive switch the compiler checks. Deterministic: time comes from
 * Temporal (Date inside a workflow is replay-safe), I/O only through activities.
 */
import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { evaluateCondition } from '../core/condition.js';
import { parseDuration } from '../core/duration.js';
import { NO_MATCH_HANDLE, TIMEOUT_HANDLE } from '../core/journey/constants.js';
import { buildGraph, nextNodeId, type TJourneyGraph } from '../core/journey/graph.js';
import type { TJourneyNode } from '../core/journey/schema.js';
import { renderTemplate } from '../core/render.js';
import { matchReply } from '../core/reply-match.js';
import { chooseSplitBranch } from '../core/split.js';
import {
  inboundSignal,
  sendIdempotencyKey,
  stateQuery,
  stopSignal,
  type TContactJourneyInput,
  type TContactJourneyResult,
  type TContactState,
  type THistoryEntry,
  type TInbound,
} from './definitions.js';
import { JourneyNodeKey, RunIdKey } from './search-attributes.js';

/** Oldest history entries are dropped past this, so state and continue-as-new stay small. */
const MAX_HISTORY = 500;

/** Node types a contact stays at for a while: the ones worth indexing as JourneyNode. */
const LINGERING: ReadonlySet<string> = new Set(['message', 'wait', 'waitForReply', 'end']);

const { sendMessage } = proxyActivities<Activities>({
  // Generous: the activity completes when the queue gets to the send, which at the rate
  // limit can take minutes; a retry re-asserts the same job (same id), never a new send.
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// A local activity: a short Postgres write, recorded as a marker rather than a scheduled
// activity, so mirroring progress costs no extra round trip through the task queue.
const { recordContactProgress } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

type Step = { next: string | undefined } | { end: TContactJourneyResult };

export async function contactJourney(input: TContactJourneyInput): Promise<TContactJourneyResult> {
  const graph = buildGraph(input.journey);
  const { workflowId } = workflowInfo();
  const visits: Record<string, number> = { ...input.resume?.visits };
  const seenSids = new Set(input.resume?.seenMessageSids);
  const inbox: TInbound[] = [];
  const state: TContactState = { status: 'active', cursor: input.resume?.cursor ?? graph.startId, history: [...(input.resume?.history ?? [])] };
  if (input.resume?.lastReply) state.lastReply = input.resume.lastReply;
  let stopped: string | undefined;

  // Histories recorded before progress mirroring existed replay without it.
  const mirrorsProgress = patched('record-contact-progress');
  const unreported: THistoryEntry[] = [];
  const record = (entry: Omit<THistoryEntry, 'at'>) => {
    const stamped = { at: new Date().toISOString(), ...entry };
    state.history.push(stamped);
    if (mirrorsProgress) unreported.push(stamped);
    if (state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);
  };
  const report = async () => {
    if (!mirrorsProgress) return;
    const entries = unreported.splice(0, unreported.length);
    const status = state.status;
    await recordContactProgress({
      runId: input.runId,
      contactId: input.contactId,
      state: status,
      cursor: state.cursor ?? null,
      entries,
      ...(state.error ? { error: state.error } : {}),
    });
  };

  setHandler(stateQuery, () => state);
  setHandler(stopSignal, ({ reason }) => {
    stopped ??= reason ?? 'stopped';
  });
  setHandler(inboundSignal, (reply) => {
    // Twilio retries webhooks: the same MessageSid moves the contact once.
    if (seenSids.has(reply.messageSid)) return;
    seenSids.add(reply.messageSid);
    state.lastReply = reply;
    record({ kind: 'reply', detail: reply.payload ?? reply.text ?? '', messageSid: reply.messageSid, ...(state.cursor ? { nodeId: state.cursor } : {}) });
    // Only a contact that is waiting for a reply is moved by one; others just keep it in history.
    if (state.status === 'waiting_reply') inbox.push(reply);
  });

  // Launched contacts start with RunId set, on a server where our attributes exist; a
  // workflow started without it (e.g. on the time-skipping test server, which cannot
  // register attributes) must not upsert an attribute the server would reject.
  const indexed = workflowInfo().typedSearchAttributes.get(RunIdKey) !== undefined;
  const ctx: Ctx = { input, graph, workflowId, visits, inbox, state, record, report, isStopped: () => stopped !== undefined };
  const end = async (result: TContactJourneyResult) => {
    finish(state, record, result);
    await report();
    return result;
  };

  while (state.cursor) {
    if (stopped) return end({ status: 'stopped', cursor: state.cursor, error: stopped });
    if (workflowInfo().continueAsNewSuggested) {
      await report();
      await continueAsNew<typeof contactJourney>({
        ...input,
        resume: { cursor: state.cursor, visits, history: state.history, seenMessageSids: [...seenSids].slice(-200), ...(state.lastReply ? { lastReply: state.lastReply } : {}) },
      });
    }
    const node = graph.nodes.get(state.cursor);
    if (!node) return end({ status: 'failed', cursor: state.cursor, error: `node ${state.cursor} is not in the journey` });
    visits[node.id] = (visits[node.id] ?? 0) + 1;
    record({ kind: 'visit', nodeId: node.id });
    // Index and mirror only where a contact can linger: a message (its send may queue
    // behind the rate limit), a wait, and where it ends. Instant nodes (start, condition,
    // split) would cost a visibility write each for a value replaced in the same instant;
    // their history entries travel with the next report. Waits report from their handlers.
    if (indexed && LINGERING.has(node.type)) upsertSearchAttributes([{ key: JourneyNodeKey, value: node.id }]);
    if (node.type === 'message') await report();

    const step = await runNode(ctx, node);
    if ('end' in step) return end(step.end);
    state.cursor = step.next;
  }
  return end({ status: 'done', cursor: undefined });
}

interface Ctx {
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
}

function runNode(ctx: Ctx, node: TJourneyNode): Promise<Step> | Step {
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
  const outcome = await sendMessage({
    idempotencyKey: sendIdempotencyKey(ctx.workflowId, node.id, ctx.visits[node.id] ?? 1),
    workspaceId: ctx.input.workspaceId,
    runId: ctx.input.runId,
    contactId: ctx.input.contactId,
    nodeId: node.id,
    to: ctx.input.phone,
    channel: node.data.channel,
    ...content,
  });
  // Held back by policy (the run or contact was stopped while the send waited in the
  // queue): the contact does not go on without that message, so it ends as stopped.
  if (outcome.status === 'suppressed') {
    const reason = outcome.error ?? 'send suppressed';
    ctx.record({ kind: 'send_failed', nodeId: node.id, detail: reason });
    return { end: { status: 'stopped', cursor: node.id, error: reason } };
  }
  if (outcome.status !== 'sent') {
    const error = outcome.error ?? `send ${outcome.status}`;
    ctx.record({ kind: 'send_failed', nodeId: node.id, detail: outcome.errorCode ? `${outcome.errorCode}: ${error}` : error });
    return { end: { status: 'failed', cursor: node.id, error } };
  }
  ctx.record({ kind: 'sent', nodeId: node.id, ...(outcome.twilioSid ? { messageSid: outcome.twilioSid } : {}) });
  return { next: nextNodeId(ctx.graph, node.id) };
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
      const matched = matchReply(node.data.branches, { ...(reply.text !== undefined ? { text: reply.text } : {}), ...(reply.payload !== undefined ? { payload: reply.payload } : {}) });
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

function finish(state: TContactState, record: Ctx['record'], result: TContactJourneyResult): TContactJourneyResult {
  state.status = result.status;
  state.cursor = result.cursor;
  if (result.error) state.error = result.error;
  if (result.status === 'stopped') record({ kind: 'stopped', detail: result.error ?? 'stopped' });
  return result;
}

function assertNever(value: never): never {
  throw new Error(`unhandled node type: ${JSON.stringify(value)}`);
}
