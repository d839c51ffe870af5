/**
 * One contact walking one journey version. A small interpreter: a loop, one handler per
 * node type, and an exhaustive switch the compiler checks. Deterministic: time comes from
 * Temporal (Date inside a workflow is replay-safe), I/O only through activities.
 *
 * `input.version` fixes how the contact talks to the rest of the system (TContactVersion):
 * a contact started as version 1 replays the way it ran, with its patches, progress local
 * activities and send activity; version 2 is the cheap path new contacts take.
 */
import {
  continueAsNew,
  patched,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { buildGraph } from '../core/journey/graph.js';
import { keepEarlyReply, repliesForWait } from '../core/reply-grace.js';
import type { Ctx } from './contact-context.js';
import { runNode } from './contact-nodes.js';
import { acceptMigrations, showVersion } from './live-edit.js';
import {
  HISTORY_RING_SIZE,
  inboundSignal,
  JourneyNodeKey,
  RECORD_PROGRESS_PATCH,
  REPLY_GRACE_PATCH,
  RunIdKey,
  SEND_POLICY_PATCH,
  sendOutcomeSignal,
  stateQuery,
  stopSignal,
  type Activities,
  type ContactProgress,
  type TContactJourneyInput,
  type TContactJourneyResult,
  type TContactState,
  type THistoryEntry,
  type TInbound,
  type TSendOutcome,
  type TStep,
} from './contract/index.js';

/** Version 1 indexes JourneyNode at every node type a contact can stay at for a while. */
const LINGERING: ReadonlySet<string> = new Set(['message', 'wait', 'waitForReply', 'end']);

// A local activity: a short Postgres write, recorded as a marker rather than a scheduled
// activity, so mirroring progress costs no extra round trip through the task queue.
const { recordContactProgress } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function contactJourney(input: TContactJourneyInput): Promise<TContactJourneyResult> {
  const graph = buildGraph(input.journey);
  const { workflowId } = workflowInfo();
  const version = input.version;
  const visits: Record<string, number> = { ...input.resume?.visits };
  const seenSids = new Set(input.resume?.seenMessageSids);
  const inbox: TInbound[] = [];
  const outcomes = new Map<string, TSendOutcome>();
  const state: TContactState = {
    status: 'active',
    cursor: input.resume?.cursor ?? graph.startId,
    history: [...(input.resume?.history ?? [])],
    historyDropped: input.resume?.historyDropped ?? 0,
  };
  if (input.resume?.lastReply) state.lastReply = input.resume.lastReply;
  let stopped: string | undefined;

  // Version 1 asks its patches first, before any local activity (a patch marker recorded
  // between local activity markers later in a task did not replay): histories recorded
  // before progress mirroring or the send policy existed replay without them.
  const mirrorsProgress = version === 1 ? patched(RECORD_PROGRESS_PATCH) : true;
  const sendPolicy = version !== 1 || patched(SEND_POLICY_PATCH) ? input.sendPolicy : undefined;
  // Every patch is asked here, for the same reason. Each costs a marker and an upsert of
  // TemporalChangeVersion, so only contacts that can take a reply ask this one.
  const keepsEarlyReplies = hasWaitForReply(input.journey) && patched(REPLY_GRACE_PATCH);
  let earlyReplies: TInbound[] = keepsEarlyReplies ? [...(input.resume?.earlyReplies ?? [])] : [];
  // A reply from before this run started answers nothing it sent; the launcher queues a
  // first send before starting the contact, so the start also bounds that send's replies.
  let lastSentAt = input.resume?.lastSentAt
    ? Date.parse(input.resume.lastSentAt)
    : workflowInfo().runStartTime.getTime();
  const unreported: THistoryEntry[] = [];
  const record = (entry: TStep) => {
    const stamped = { at: new Date().toISOString(), ...entry };
    state.history.push(stamped);
    if (mirrorsProgress) unreported.push(stamped);
    // A ring: no command depends on it, only the state query and continue-as-new's input
    // (which replay does not compare), so its size changed without a patch (it was 500).
    const over = state.history.length - HISTORY_RING_SIZE;
    if (over <= 0) return;
    state.history.splice(0, over);
    state.historyDropped = (state.historyDropped ?? 0) + over;
  };
  /** The state and the entries not reported yet, handed to whoever writes them next. */
  const takeProgress = (): ContactProgress => ({
    runId: input.runId,
    contactId: input.contactId,
    state: state.status,
    cursor: state.cursor ?? null,
    entries: unreported.splice(0, unreported.length),
    ...(state.error ? { error: state.error } : {}),
  });
  const report = async () => {
    if (mirrorsProgress) await recordContactProgress(takeProgress());
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
    record({
      kind: 'reply',
      detail: reply.payload ?? reply.text ?? '',
      messageSid: reply.messageSid,
      ...(state.cursor ? { nodeId: state.cursor } : {}),
    });
    // Only a contact that is waiting for a reply is moved by one; others keep it in history,
    // and (REPLY_GRACE_PATCH) for a wait for a reply they reach soon after (core/reply-grace.ts).
    if (state.status === 'waiting_reply') inbox.push(reply);
    else if (keepsEarlyReplies) earlyReplies = keepEarlyReply(earlyReplies, reply);
  });
  setHandler(sendOutcomeSignal, ({ idempotencyKey, outcome }) => {
    outcomes.set(idempotencyKey, outcome);
  });

  // Launched contacts start with RunId set, on a server where our attributes exist; a
  // workflow started without it (e.g. on the time-skipping test server, which cannot
  // register attributes) must not upsert an attribute the server would reject.
  const attributes = workflowInfo().typedSearchAttributes;
  const indexed = attributes.get(RunIdKey) !== undefined;
  let indexedNode = attributes.get(JourneyNodeKey);
  const index = (nodeId: string) => {
    if (!indexed || indexedNode === nodeId) return;
    indexedNode = nodeId;
    upsertSearchAttributes([{ key: JourneyNodeKey, value: nodeId }]);
  };
  const ctx: Ctx = {
    input,
    version,
    graph,
    busy: false,
    workflowId,
    visits,
    inbox,
    outcomes,
    state,
    record,
    report,
    takeProgress,
    // Version 2 indexes a node only where the contact waits; version 1 indexed in the loop.
    index: version === 1 ? () => undefined : index,
    isStopped: () => stopped !== undefined,
    takeEarlyReplies: () => {
      const taken = repliesForWait(earlyReplies, { nowMs: Date.now(), lastSentMs: lastSentAt });
      earlyReplies = [];
      return taken;
    },
    noteSend: () => {
      lastSentAt = Date.now();
    },
    firstSendQueued: version !== 1 && input.firstSendQueued === true && !input.resume,
    ...(sendPolicy ? { sendPolicy } : {}),
  };
  // A move onto a newer version swaps ctx.input and ctx.graph: from here on, read them there.
  acceptMigrations(ctx, indexed);
  showVersion(input.journeyVersion);
  /** Ends the contact; `mirrored`: the message worker already wrote this end with its send's outcome. */
  const end = async (result: TContactJourneyResult, mirrored = false) => {
    finish(state, record, result, !mirrored);
    if (!mirrored) await report();
    return result;
  };

  while (state.cursor) {
    if (stopped) return end({ status: 'stopped', cursor: state.cursor, error: stopped });
    if (workflowInfo().continueAsNewSuggested) {
      await report();
      await continueAsNew<typeof contactJourney>({
        ...ctx.input,
        resume: {
          cursor: state.cursor,
          visits,
          history: state.history,
          seenMessageSids: [...seenSids].slice(-200),
          ...(state.lastReply ? { lastReply: state.lastReply } : {}),
          historyDropped: state.historyDropped ?? 0,
          ...(keepsEarlyReplies ? { earlyReplies, lastSentAt: new Date(lastSentAt).toISOString() } : {}),
        },
      });
    }
    const node = ctx.graph.nodes.get(state.cursor);
    if (!node)
      return end({ status: 'failed', cursor: state.cursor, error: `node ${state.cursor} is not in the journey` });
    visits[node.id] = (visits[node.id] ?? 0) + 1;
    record({ kind: 'visit', nodeId: node.id });
    if (version === 1) {
      // Index and mirror only where a contact can linger: a message (its send may queue
      // behind the rate limit), a wait, and where it ends. Instant nodes (start, condition,
      // split) would cost a visibility write each for a value replaced in the same instant;
      // their history entries travel with the next report. Waits report from their handlers.
      if (indexed && LINGERING.has(node.type)) upsertSearchAttributes([{ key: JourneyNodeKey, value: node.id }]);
      if (node.type === 'message') await report();
    }

    const step = await runNode(ctx, node);
    if ('end' in step) return end(step.end, step.mirrored);
    state.cursor = step.next;
  }
  return end({ status: 'done', cursor: undefined });
}

function hasWaitForReply(journey: TContactJourneyInput['journey']): boolean {
  return journey.nodes.some((node) => node.type === 'waitForReply');
}

function finish(state: TContactState, record: Ctx['record'], result: TContactJourneyResult, recordStop: boolean) {
  // A contact that handed its last send off is still active in Postgres until the outcome.
  if (result.status !== 'handed_off') state.status = result.status;
  state.cursor = result.cursor;
  if (result.error) state.error = result.error;
  if (result.status === 'stopped' && recordStop) record({ kind: 'stopped', detail: result.error ?? 'stopped' });
}
