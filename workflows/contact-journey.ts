/**
 * One contact walking one journey version. A small interpreter: a loop, one handler per
 * node type, and an exhaustive switch the compiler checks. Deterministic: time comes from
 * Temporal (Date inside a workflow is replay-safe), I/O only through activities.
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
import { runNode, type Ctx } from './contact-nodes.js';
import {
  inboundSignal,
  JourneyNodeKey,
  RECORD_PROGRESS_PATCH,
  RunIdKey,
  SEND_POLICY_PATCH,
  type Activities,
  stateQuery,
  stopSignal,
  type TContactJourneyInput,
  type TContactJourneyResult,
  type TContactState,
  type THistoryEntry,
  type TInbound,
} from './contract/index.js';

/** Oldest history entries are dropped past this, so state and continue-as-new stay small. */
const MAX_HISTORY = 500;

/** Node types a contact stays at for a while: the ones worth indexing as JourneyNode. */
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
  const visits: Record<string, number> = { ...input.resume?.visits };
  const seenSids = new Set(input.resume?.seenMessageSids);
  const inbox: TInbound[] = [];
  const state: TContactState = {
    status: 'active',
    cursor: input.resume?.cursor ?? graph.startId,
    history: [...(input.resume?.history ?? [])],
  };
  if (input.resume?.lastReply) state.lastReply = input.resume.lastReply;
  let stopped: string | undefined;

  // Histories recorded before progress mirroring existed replay without it.
  const mirrorsProgress = patched(RECORD_PROGRESS_PATCH);
  // Likewise the send policy. Asked here, at the start, before any local activity: a patch
  // marker recorded between local activity markers later in a task did not replay.
  const sendPolicy = patched(SEND_POLICY_PATCH) ? input.sendPolicy : undefined;
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
    record({
      kind: 'reply',
      detail: reply.payload ?? reply.text ?? '',
      messageSid: reply.messageSid,
      ...(state.cursor ? { nodeId: state.cursor } : {}),
    });
    // Only a contact that is waiting for a reply is moved by one; others just keep it in history.
    if (state.status === 'waiting_reply') inbox.push(reply);
  });

  // Launched contacts start with RunId set, on a server where our attributes exist; a
  // workflow started without it (e.g. on the time-skipping test server, which cannot
  // register attributes) must not upsert an attribute the server would reject.
  const indexed = workflowInfo().typedSearchAttributes.get(RunIdKey) !== undefined;
  const ctx: Ctx = {
    input,
    graph,
    workflowId,
    visits,
    inbox,
    state,
    record,
    report,
    isStopped: () => stopped !== undefined,
    ...(sendPolicy ? { sendPolicy } : {}),
  };
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
        resume: {
          cursor: state.cursor,
          visits,
          history: state.history,
          seenMessageSids: [...seenSids].slice(-200),
          ...(state.lastReply ? { lastReply: state.lastReply } : {}),
        },
      });
    }
    const node = graph.nodes.get(state.cursor);
    if (!node)
      return end({ status: 'failed', cursor: state.cursor, error: `node ${state.cursor} is not in the journey` });
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

function finish(state: TContactState, record: Ctx['record'], result: TContactJourneyResult): TContactJourneyResult {
  state.status = result.status;
  state.cursor = result.cursor;
  if (result.error) state.error = result.error;
  if (result.status === 'stopped') record({ kind: 'stopped', detail: result.error ?? 'stopped' });
  return result;
}
