/**
 * The contact journey interpreter on Temporal's time-skipping test server: a P1D reply
 * timeout or a P3D wait passes in milliseconds. Sends go to recording stand-ins of the
 * sendMessage activity (version 1 contacts) and the enqueueSend local activity with its
 * outcome signal (version 2), of the same types; the real send path has its own suite.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { tzOffset } from '@date-fns/tz';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import type { TJourney } from '../core/journey/schema.js';
import {
  endAfterSend,
  HISTORY_RING_SIZE,
  inboundSignal,
  sendOutcomeSignal,
  stateQuery,
  stopSignal,
  type ContactProgress,
  type EnqueueSendInput,
  type SendMessageInput,
  type TContactJourneyInput,
  type TContactVersion,
  type TEnqueued,
  type TSendOutcome,
} from '../workflows/contract/index.js';
import { uniqueName } from './support/context.js';
import { waitForStatus } from './support/workflow-state.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'contact-journey-test';
const sends = new Map<string, SendMessageInput[]>();
const failingPhones = new Set<string>();
/** Phones whose next send the stand-in answers as over the frequency cap: wait (deferred) or skip. */
const overCapOnce = new Map<string, 'deferred' | 'skipped'>();
/** When each send was scheduled, on the (time-skipped) server clock. */
const scheduledAt = new Map<string, number[]>();
const progressReports: ContactProgress[] = [];
/** Whether each queued send (enqueueSend, in order) was handed off. */
const handedOff: boolean[] = [];
/** Phones that answer this text the moment their next message leaves, before its outcome reaches the contact. */
const replyOnSend = new Map<string, string>();

/** Signals the reply a phone of replyOnSend gives, as the inbound webhook would, received now (server time). */
async function replyBeforeOutcome(input: SendMessageInput): Promise<void> {
  const text = replyOnSend.get(input.to);
  if (text === undefined) return;
  replyOnSend.delete(input.to);
  const execution = Context.current().info.workflowExecution!;
  await env.client.workflow.getHandle(execution.workflowId, execution.runId).signal(inboundSignal, {
    text,
    messageSid: `SM-early-${input.idempotencyKey}`,
    receivedAt: new Date(await env.currentTimeMs()).toISOString(),
  });
}

/** What the stand-in message worker makes of a send: over the cap once, failing phones fail, others sent. */
function standInOutcome(input: SendMessageInput, scheduled: number): TSendOutcome {
  scheduledAt.set(input.to, [...(scheduledAt.get(input.to) ?? []), scheduled]);
  const overCap = overCapOnce.get(input.to);
  if (overCap) {
    overCapOnce.delete(input.to);
    if (overCap === 'deferred')
      return {
        status: 'deferred',
        retryAt: new Date(scheduled + 6 * 3_600_000).toISOString(),
        error: 'over the frequency cap',
        attempts: 0,
      };
    return { status: 'skipped', messageLogId: 'log', error: 'over the frequency cap', attempts: 0 };
  }
  const list = sends.get(input.to) ?? [];
  list.push(input);
  sends.set(input.to, list);
  if (failingPhones.has(input.to))
    return { status: 'failed', messageLogId: 'log', errorCode: 21211, error: "Invalid 'To' phone number", attempts: 1 };
  return { status: 'sent', messageLogId: 'log', twilioSid: `SM${list.length}`, attempts: 1 };
}

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: {
      async recordContactProgress(progress: ContactProgress): Promise<void> {
        progressReports.push(progress);
      },
      async sendMessage(input: SendMessageInput): Promise<TSendOutcome> {
        const outcome = standInOutcome(input, Context.current().info.currentAttemptScheduledTimestampMs);
        await replyBeforeOutcome(input);
        return outcome;
      },
      // Version 2: a decided send answers at once; a queued one is signalled, and the end
      // that follows it mirrored, as the message worker does.
      async enqueueSend(input: EnqueueSendInput): Promise<TEnqueued> {
        const { info } = Context.current();
        if (input.progress) progressReports.push(input.progress);
        // A local activity's scheduled time is the worker's wall clock; the server's is the skipped one.
        const outcome = standInOutcome(input, await env.currentTimeMs());
        const end = endAfterSend(input.nodeId!, outcome, input.afterSend);
        if (end) {
          const { state, cursor, error, entries } = end;
          const at = new Date().toISOString();
          progressReports.push({
            runId: input.runId!,
            contactId: input.contactId!,
            state,
            cursor,
            entries: entries.map((entry) => ({ at, ...entry })),
            ...(error ? { error } : {}),
          });
        }
        if (outcome.status !== 'sent') return outcome;
        await replyBeforeOutcome(input);
        handedOff.push(Boolean(input.handOff));
        // Version 3: a send handed off is not signalled; its end was mirrored above.
        if (input.handOff) return { status: 'queued' };
        const execution = info.workflowExecution!;
        await env.client.workflow
          .getHandle(execution.workflowId, execution.runId)
          .signal(sendOutcomeSignal, { idempotencyKey: input.idempotencyKey, outcome });
        return { status: 'queued' };
      },
    },
  });
  running = worker.run();
});

afterAll(async () => {
  worker.shutdown();
  await running;
  await env.teardown();
});

let phoneCounter = 0;
/** The contact version the suites below start their contacts with. */
let version: TContactVersion = 1;

function start(
  journey: TJourney,
  vars: Record<string, string> = { firstName: 'Ada' },
  extra: Partial<TContactJourneyInput> = {},
) {
  phoneCounter += 1;
  const phone = `+1415555${String(1000 + phoneCounter)}`;
  const input: TContactJourneyInput = {
    version,
    workspaceId: '00000000-0000-4000-8000-000000000001',
    runId: 'run-test',
    journeyId: 'journey-test',
    contactId: uniqueName('contact'),
    phone,
    vars,
    journey,
    ...extra,
  };
  const handle = env.client.workflow.start('contactJourney', {
    taskQueue,
    workflowId: uniqueName('contact-wf'),
    args: [input],
  });
  return { phone, handle, contactId: input.contactId };
}

const sentNodes = (phone: string) => (sends.get(phone) ?? []).map((s) => s.nodeId);

const waitingForReply = (handle: Awaited<ReturnType<typeof start>['handle']>) => waitForStatus(handle, 'waiting_reply');

/** Each suite runs for contacts of every version: version 1 ones still run and replay. */
const VERSIONS: TContactVersion[] = [1, 2];
const forVersion = (v: TContactVersion) => () => {
  beforeAll(() => {
    version = v;
  });
};
/** History entries without their time: mirrored ones are stamped by the side that writes them. */
const unstamped = <T extends { at: string }>(entries: T[]) => entries.map(({ at: _at, ...entry }) => entry);

describe.each(VERSIONS)('contactJourney, version %i', (v) => {
  forVersion(v)();
  it('takes the YES branch on a matching reply, ignoring case, spaces and accents', async () => {
    const { phone, handle } = start(surveyJourney());
    const h = await handle;
    const state = await waitingForReply(h);
    expect(state.waiting).toMatchObject({ nodeId: 'reply', for: 'reply' });
    await h.signal(inboundSignal, { text: '  Yés ', messageSid: 'SM-a', receivedAt: '2026-11-25T10:00:00Z' });
    expect(await h.result()).toEqual({ status: 'done', cursor: undefined });
    expect(sentNodes(phone)).toEqual(['ask', 'thanks-yes']);
    const [ask, yes] = sends.get(phone)!;
    expect(ask?.body).toBe('Hi Ada, did you enjoy your visit? Reply YES or NO.');
    expect(yes?.body).toBe('Great to hear, Ada! See you soon.');
    expect(ask?.idempotencyKey).toBe(`${h.workflowId}/ask/1`);
  });

  it('mirrors its progress: each history entry reported once, in order, ending in its final state', async () => {
    const { contactId, handle } = start(surveyJourney());
    const h = await handle;
    const waiting = await waitingForReply(h);
    await h.signal(inboundSignal, { text: 'no', messageSid: 'SM-p', receivedAt: '2026-11-25T10:00:00Z' });
    await h.result();
    const reports = progressReports.filter((p) => p.contactId === contactId);
    const state = await h.query(stateQuery);
    expect(unstamped(reports.flatMap((r) => r.entries))).toEqual(unstamped(state.history));
    expect(reports.at(-1)).toMatchObject({ state: 'done', cursor: null });
    expect(reports.map((r) => r.state)).toContain('waiting_reply');
    expect(waiting.cursor).toBe('reply');
  });

  it('takes the NO branch and renders the phone variable', async () => {
    const { phone, handle } = start(surveyJourney());
    const h = await handle;
    await waitingForReply(h);
    await h.signal(inboundSignal, { text: 'no', messageSid: 'SM-b', receivedAt: '2026-11-25T10:00:00Z' });
    await h.result();
    expect(sentNodes(phone)).toEqual(['ask', 'thanks-no']);
    expect(sends.get(phone)![1]?.body).toBe(`Sorry about that, Ada. A manager will call ${phone}.`);
  });

  it('takes the timeout branch when nobody answers within P1D', async () => {
    const { phone, handle } = start(surveyJourney());
    const h = await handle;
    expect(await h.result()).toMatchObject({ status: 'done' });
    expect(sentNodes(phone)).toEqual(['ask', 'no-answer']);
    const state = await h.query(stateQuery);
    expect(state.history.filter((e) => e.kind === 'branch')).toEqual([
      expect.objectContaining({ nodeId: 'reply', detail: 'timeout' }),
    ]);
  });

  it('keeps waiting after a reply that matches no branch when no noMatch edge is drawn', async () => {
    const { phone, handle } = start(surveyJourney());
    const h = await handle;
    await waitingForReply(h);
    await h.signal(inboundSignal, { text: 'maybe', messageSid: 'SM-c1', receivedAt: '2026-11-25T10:00:00Z' });
    await h.signal(inboundSignal, { text: 'YES', messageSid: 'SM-c2', receivedAt: '2026-11-25T10:01:00Z' });
    await h.result();
    expect(sentNodes(phone)).toEqual(['ask', 'thanks-yes']);
  });

  it('follows the noMatch edge when one is drawn', async () => {
    const journey = surveyJourney();
    journey.edges.push({ id: 'e-nomatch', source: 'reply', sourceHandle: 'noMatch', target: 'no-answer' });
    const { phone, handle } = start(journey);
    const h = await handle;
    await waitingForReply(h);
    await h.signal(inboundSignal, { text: 'maybe', messageSid: 'SM-d', receivedAt: '2026-11-25T10:00:00Z' });
    await h.result();
    expect(sentNodes(phone)).toEqual(['ask', 'no-answer']);
  });

  it('moves once for the same MessageSid delivered twice', async () => {
    const journey = surveyJourney();
    journey.edges.push({ id: 'e-nomatch', source: 'reply', sourceHandle: 'noMatch', target: 'no-answer' });
    const { handle } = start(journey);
    const h = await handle;
    await waitingForReply(h);
    await h.signal(inboundSignal, { text: 'maybe', messageSid: 'SM-dup', receivedAt: '2026-11-25T10:00:00Z' });
    await h.signal(inboundSignal, { text: 'maybe', messageSid: 'SM-dup', receivedAt: '2026-11-25T10:00:00Z' });
    await h.result();
    const state = await h.query(stateQuery);
    expect(state.history.filter((e) => e.kind === 'reply')).toHaveLength(1);
  });

  it('keeps a reply that arrives before the wait in history without moving the contact', async () => {
    const journey = surveyJourney();
    // start -> ask -> pause (PT1H) -> reply
    journey.nodes.push({ id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'PT1H' } });
    journey.edges = journey.edges.map((e) => (e.id === 'e-ask-reply' ? { ...e, target: 'pause' } : e));
    journey.edges.push({ id: 'e-pause-reply', source: 'pause', sourceHandle: null, target: 'reply' });
    const { phone, handle } = start(journey);
    const h = await handle;
    await waitForStatus(h, 'waiting');
    await h.signal(inboundSignal, { text: 'yes', messageSid: 'SM-early', receivedAt: '2026-11-25T10:00:00Z' });
    await h.result();
    expect(sentNodes(phone)).toEqual(['ask', 'no-answer']);
    const state = await h.query(stateQuery);
    expect(state.history.find((e) => e.kind === 'reply')).toMatchObject({ nodeId: 'pause', detail: 'yes' });
  });

  it('passes a P3D wait in a time-skipped instant and a stop ends a contact mid-wait without further sends', async () => {
    const journey: TJourney = {
      name: 'Drip',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'hello',
          type: 'message',
          position: { x: 0, y: 0 },
          data: { channel: 'sms', body: 'Hello {{firstName}}' },
        },
        { id: 'later', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'P3D' } },
        { id: 'again', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Still there?' } },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'hello' },
        { id: 'b', source: 'hello', target: 'later' },
        { id: 'c', source: 'later', target: 'again' },
      ],
    };
    const first = start(journey);
    const done = await first.handle;
    expect(await done.result()).toEqual({ status: 'done', cursor: undefined });
    expect(sentNodes(first.phone)).toEqual(['hello', 'again']);

    const second = start(journey);
    const h = await second.handle;
    await waitForStatus(h, 'waiting');
    await h.signal(stopSignal, { reason: 'run stopped' });
    expect(await h.result()).toEqual({ status: 'stopped', cursor: 'again', error: 'run stopped' });
    expect(sentNodes(second.phone)).toEqual(['hello']);
  });

  it('routes by condition and split, the same contact always to the same split branch', async () => {
    const journey: TJourney = {
      name: 'Routing',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'vip',
          type: 'condition',
          position: { x: 0, y: 0 },
          data: { rules: [{ id: 'gold', variable: 'tier', op: 'equals', value: 'gold' }] },
        },
        {
          id: 'ab',
          type: 'split',
          position: { x: 0, y: 0 },
          data: {
            branches: [
              { id: 'a', percent: 50 },
              { id: 'b', percent: 50 },
            ],
          },
        },
        { id: 'm-gold', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'gold' } },
        { id: 'm-a', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'a' } },
        { id: 'm-b', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'b' } },
      ],
      edges: [
        { id: '1', source: 'start', target: 'vip' },
        { id: '2', source: 'vip', sourceHandle: 'gold', target: 'm-gold' },
        { id: '3', source: 'vip', sourceHandle: 'else', target: 'ab' },
        { id: '4', source: 'ab', sourceHandle: 'a', target: 'm-a' },
        { id: '5', source: 'ab', sourceHandle: 'b', target: 'm-b' },
      ],
    };
    const gold = start(journey, { tier: 'GOLD' });
    await (await gold.handle).result();
    expect(sentNodes(gold.phone)).toEqual(['m-gold']);
    const other = start(journey, { tier: 'silver' });
    const h = await other.handle;
    await h.result();
    const state = await h.query(stateQuery);
    const splitBranch = state.history.find((e) => e.nodeId === 'ab' && e.kind === 'branch')?.detail;
    expect(sentNodes(other.phone)).toEqual([`m-${splitBranch}`]);
  });

  it('fails the contact with the reason when a variable is missing or the send finally fails', async () => {
    const missing = start(surveyJourney(), {});
    expect(await (await missing.handle).result()).toEqual({
      status: 'failed',
      cursor: 'ask',
      error: 'missing variables: firstName',
    });
    expect(sentNodes(missing.phone)).toEqual([]);

    phoneCounter += 1;
    const failing = start(surveyJourney());
    failingPhones.add(failing.phone);
    expect(await (await failing.handle).result()).toEqual({
      status: 'failed',
      cursor: 'ask',
      error: "Invalid 'To' phone number",
    });
  });
});

describe('workflow stack traces', () => {
  forVersion(3)();
  it('answers the stack trace query with stacks cut to WORKFLOW_STACK_TRACE_LIMIT frames', async () => {
    const { WORKFLOW_STACK_TRACE_LIMIT } = await import('../workflows/stack-traces.js');
    const h = await start(surveyJourney()).handle;
    await waitingForReply(h);
    const stacks = (await h.query<string>('__stack_trace')).split('\n\n').filter((stack) => stack.trim() !== '');
    expect(stacks.length).toBeGreaterThan(0);
    const depths = stacks.map((stack) => stack.split('\n').filter((line) => line.trim().startsWith('at ')).length);
    expect(Math.max(...depths)).toBeLessThanOrEqual(WORKFLOW_STACK_TRACE_LIMIT);
    expect(Math.max(...depths)).toBeGreaterThan(0);
    await h.signal(stopSignal, { reason: 'done looking' });
    await h.result();
  });
});

describe('contactJourney, version 3: a last send is handed off', () => {
  forVersion(3)();
  const sendsOf = (phone: string) => sends.get(phone) ?? [];

  it('ends once its follow-up is queued; the message worker writes the end, and the path is written once', async () => {
    const { phone, contactId, handle } = start(surveyJourney());
    const h = await handle;
    await waitingForReply(h);
    await h.signal(inboundSignal, { text: 'yes', messageSid: 'SM-v3', receivedAt: '2026-11-25T10:00:00Z' });
    expect(await h.result()).toEqual({ status: 'handed_off', cursor: 'thanks-yes' });
    // The question is followed by a wait, so the contact waits for its outcome; the follow-up ends it.
    expect(sendsOf(phone).map((send) => [send.nodeId, Boolean((send as EnqueueSendInput).handOff)])).toEqual([
      ['ask', false],
      ['thanks-yes', true],
    ]);
    const reports = progressReports.filter((p) => p.contactId === contactId);
    expect(reports.at(-1)).toMatchObject({ state: 'done', cursor: null });
    expect(unstamped(reports.flatMap((r) => r.entries)).map((e) => [e.kind, e.nodeId])).toEqual([
      ['visit', 'start'],
      ['visit', 'ask'],
      ['sent', 'ask'],
      ['visit', 'reply'],
      ['reply', 'reply'],
      ['branch', 'reply'],
      ['visit', 'thanks-yes'],
      ['sent', 'thanks-yes'],
      ['visit', 'end'],
    ]);
    // One progress write per send and one for the wait, none after the hand-off.
    expect(reports.map((r) => r.state)).toEqual(['active', 'waiting_reply', 'active', 'done']);
  });

  it('ends on its own when the last send is decided at once: failed, or over the cap and waited for', async () => {
    const failing = start(delayedMessage(1_000));
    failingPhones.add(failing.phone);
    expect(await (await failing.handle).result()).toEqual({
      status: 'failed',
      cursor: 'remind',
      error: "Invalid 'To' phone number",
    });

    const capped = { frequencyCap: { max: 1, windowHours: 24 }, overCap: 'wait' as const };
    const waiting = start(delayedMessage(1_000), { firstName: 'Ada' }, { sendPolicy: capped });
    overCapOnce.set(waiting.phone, 'deferred');
    const h = await waiting.handle;
    expect(await h.result()).toEqual({ status: 'handed_off', cursor: 'remind' });
    const [first, second] = scheduledAt.get(waiting.phone) ?? [];
    expect(second! - first!).toBeGreaterThanOrEqual(6 * HOUR);
    expect(sendsOf(waiting.phone).map((send) => send.nodeId)).toEqual(['remind']);
    expect((await h.query(stateQuery)).history.map((e) => e.kind)).toEqual([
      'visit',
      'visit',
      'visit',
      'send_deferred',
    ]);
  });
});

/** start -> wait(delay) -> message -> end: a message that falls due `delayMs` after the start. */
function delayedMessage(delayMs: number): TJourney {
  const seconds = Math.max(1, Math.round(delayMs / 1_000));
  return {
    name: 'Delayed reminder',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'wait', type: 'wait', position: { x: 0, y: 100 }, data: { duration: `PT${seconds}S` } },
      {
        id: 'remind',
        type: 'message',
        position: { x: 0, y: 200 },
        data: { channel: 'sms', body: 'Your table is ready, {{firstName}}.' },
      },
      { id: 'end', type: 'end', position: { x: 0, y: 300 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'remind' },
      { id: 'e3', source: 'remind', target: 'end' },
    ],
  };
}

const HOUR = 3_600_000;
const offsetMs = (zone: string, at: number) => tzOffset(zone, new Date(at)) * 60_000;

/** The first instant after `from` at which `zone` changes its UTC offset (scanning hourly). */
function nextOffsetChange(zone: string, from: number): number {
  for (let at = from; at < from + 400 * 24 * HOUR; at += HOUR) {
    if (offsetMs(zone, at + HOUR) !== offsetMs(zone, at)) return at + HOUR;
  }
  throw new Error(`${zone} has no offset change within 400 days`);
}

/** Epoch ms of a wall-clock time in a zone whose offset at that time is `offset`. */
const wallClock = (y: number, m: number, d: number, h: number, offset: number) => Date.UTC(y, m, d, h) - offset;

describe.each(VERSIONS)('send policy (time-skipping), version %i', (v) => {
  forVersion(v)();
  const window = { sendWindow: { start: '09:00', end: '20:00' }, timeZone: 'Asia/Kolkata', overCap: 'wait' as const };

  it("holds a send that falls due at 21:00 in the contact's zone until 09:00 there, across a DST change", async () => {
    const zone = 'America/New_York';
    // The evening before New York next changes its clocks: 21:00 there, after the 20:00 close.
    // The server's clock, not ours: time skipped by earlier tests is never given back.
    const now = await env.currentTimeMs();
    const change = nextOffsetChange(zone, now + 2 * 24 * HOUR);
    const before = offsetMs(zone, change - HOUR);
    const after = offsetMs(zone, change + HOUR);
    const changeDay = new Date(change + after);
    const [y, m, d] = [changeDay.getUTCFullYear(), changeDay.getUTCMonth(), changeDay.getUTCDate()];
    const dueAt = wallClock(y, m, d - 1, 21, before);
    const opensAt = wallClock(y, m, d, 9, after);
    expect(opensAt - dueAt).toBe(12 * HOUR + before - after); // 11 h in spring, 13 h in autumn

    const contact = start(delayedMessage(dueAt - now), { firstName: 'Ada', timezone: zone }, { sendPolicy: window });
    const h = await contact.handle;
    expect(await h.result()).toEqual({ status: 'done', cursor: undefined });
    const [sentAt] = scheduledAt.get(contact.phone) ?? [];
    expect(sentAt).toBeGreaterThanOrEqual(opensAt);
    expect(sentAt! - opensAt).toBeLessThan(60_000);
    const history = (await h.query(stateQuery)).history;
    expect(history.find((e) => e.kind === 'send_deferred')?.detail).toBe(`outside the send window 09:00-20:00 ${zone}`);
    expect(history.find((e) => e.kind === 'sent')).toMatchObject({ nodeId: 'remind', attempts: 1 });
  });

  it("uses the journey's zone when the contact has none or an unknown one, and sends at once inside the window", async () => {
    // One contact at a time, each timed from the server's clock read just before it
    // starts: the test server jumps its clock ahead (years) whenever nothing is left to wait for.
    const kolkata = 5.5 * HOUR;
    const kolkataDay = async () => {
      const now = await env.currentTimeMs();
      const day = new Date(now + 24 * HOUR);
      return {
        now,
        at: (dayOffset: number, hour: number) =>
          wallClock(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + dayOffset, hour, kolkata),
      };
    };

    // 21:00 in Kolkata (+05:30) is 15:30 UTC: a contact whose zone is unknown waits for 09:00 Kolkata.
    const evening = await kolkataDay();
    const unknownZone = start(
      delayedMessage(evening.at(0, 21) - evening.now),
      { firstName: 'Ada', timezone: 'Mars/Olympus' },
      { sendPolicy: window },
    );
    await (await unknownZone.handle).result();
    const [sentAt] = scheduledAt.get(unknownZone.phone) ?? [];
    expect(sentAt).toBeGreaterThanOrEqual(evening.at(1, 9));
    expect((sentAt ?? Number.NaN) - evening.at(1, 9)).toBeLessThan(60_000);

    // Noon in Kolkata is inside the window: no wait.
    const noon = await kolkataDay();
    const inside = start(delayedMessage(noon.at(0, 12) - noon.now), { firstName: 'Ada' }, { sendPolicy: window });
    const h = await inside.handle;
    await h.result();
    expect((scheduledAt.get(inside.phone)?.[0] ?? Number.NaN) - noon.at(0, 12)).toBeLessThan(60_000);
    expect((await h.query(stateQuery)).history.some((e) => e.kind === 'send_deferred')).toBe(false);
  });

  it('waits for the frequency cap to free a slot when told to wait, and goes on without the message when told to skip', async () => {
    const capped = { frequencyCap: { max: 1, windowHours: 24 }, overCap: 'wait' as const };
    const waiting = start(delayedMessage(1_000), { firstName: 'Ada' }, { sendPolicy: capped });
    overCapOnce.set(waiting.phone, 'deferred');
    const h = await waiting.handle;
    expect(await h.result()).toEqual({ status: 'done', cursor: undefined });
    const [first, second] = scheduledAt.get(waiting.phone) ?? [];
    expect(second! - first!).toBeGreaterThanOrEqual(6 * HOUR);
    expect(sentNodes(waiting.phone)).toEqual(['remind']);
    expect((await h.query(stateQuery)).history.map((e) => e.kind)).toEqual([
      'visit',
      'visit',
      'visit',
      'send_deferred',
      'sent',
      'visit',
    ]);

    const skipping = start(delayedMessage(1_000), { firstName: 'Ada' }, { sendPolicy: { ...capped, overCap: 'skip' } });
    overCapOnce.set(skipping.phone, 'skipped');
    const s = await skipping.handle;
    expect(await s.result()).toEqual({ status: 'done', cursor: undefined });
    expect(sentNodes(skipping.phone)).toEqual([]);
    expect((await s.query(stateQuery)).history.find((e) => e.kind === 'send_skipped')).toMatchObject({
      nodeId: 'remind',
      detail: 'over the frequency cap',
    });
  });
});

/** The survey with `before` inserted between its start and its question `ask`. */
function surveyAfter(...before: TJourney['nodes']): TJourney {
  const journey = surveyJourney();
  journey.nodes.push(...before);
  const ids = ['start', ...before.map((node) => node.id), 'ask'];
  journey.edges = journey.edges.filter((edge) => edge.id !== 'e-start-ask');
  for (let i = 1; i < ids.length; i += 1)
    journey.edges.push({ id: `e-before-${i}`, source: ids[i - 1]!, sourceHandle: null, target: ids[i]! });
  return journey;
}

/** The survey with a wait of `duration` between its question and the wait for the answer. */
function surveyWithPause(duration: string): TJourney {
  const journey = surveyJourney();
  journey.nodes.push({ id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration } });
  journey.edges = journey.edges.map((e) => (e.id === 'e-ask-reply' ? { ...e, target: 'pause' } : e));
  journey.edges.push({ id: 'e-pause-reply', source: 'pause', sourceHandle: null, target: 'reply' });
  return journey;
}

describe.each([1, 2, 3] as TContactVersion[])('a reply just before the wait for it, version %i', (v) => {
  forVersion(v)();
  const answered = v === 3 ? { status: 'handed_off', cursor: 'thanks-yes' } : { status: 'done', cursor: undefined };
  const replyNow = async (h: Awaited<ReturnType<typeof start>['handle']>, messageSid: string) =>
    h.signal(inboundSignal, {
      text: 'yes',
      messageSid,
      receivedAt: new Date(await env.currentTimeMs()).toISOString(),
    });

  it("takes a reply that overtook its question's outcome: the contact moves along the matching branch", async () => {
    const { phone, handle } = start(surveyJourney());
    replyOnSend.set(phone, 'YES');
    const h = await handle;
    expect(await h.result()).toEqual(answered);
    expect(sentNodes(phone)).toEqual(['ask', 'thanks-yes']);
    const history = (await h.query(stateQuery)).history;
    expect(history.filter((e) => e.kind === 'reply' || e.kind === 'branch').map((e) => [e.kind, e.detail])).toEqual([
      ['reply', 'YES'],
      ['branch', 'yes'],
    ]);
  });

  it(`takes a reply that came within the grace window: during a one-minute wait after the question`, async () => {
    const { phone, handle } = start(surveyWithPause('PT1M'));
    const h = await handle;
    await waitForStatus(h, 'waiting');
    await replyNow(h, `SM-grace-${phone}`);
    expect(await h.result()).toEqual(answered);
    expect(sentNodes(phone)).toEqual(['ask', 'thanks-yes']);
  });

  it('does not take a reply older than the grace window when the contact reaches the wait', async () => {
    const { phone, handle } = start(surveyWithPause('PT10M'));
    const h = await handle;
    await waitForStatus(h, 'waiting');
    await replyNow(h, `SM-stale-${phone}`);
    await h.result();
    expect(sentNodes(phone)).toEqual(['ask', 'no-answer']);
  });

  it("does not take a recent reply that came before the contact's latest message", async () => {
    const journey = surveyAfter(
      { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hello' } },
      { id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'PT1M' } },
    );
    const { phone, handle } = start(journey);
    const h = await handle;
    await waitForStatus(h, 'waiting');
    // An answer to "Hello", a minute before the question: it must not answer the question.
    await replyNow(h, `SM-earlier-${phone}`);
    await h.result();
    expect(sentNodes(phone)).toEqual(['hello', 'ask', 'no-answer']);
  });
});

describe('contact history as a ring', () => {
  forVersion(3)();
  it(`keeps the latest HISTORY_RING_SIZE entries of a looping contact, and counts the ones it dropped`, async () => {
    const journey: TJourney = {
      name: 'Loop',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hi' } },
        { id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'PT1H' } },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'hello' },
        { id: 'b', source: 'hello', target: 'pause' },
        { id: 'c', source: 'pause', target: 'hello' },
      ],
    };
    const { phone, handle } = start(journey);
    const h = await handle;
    await env.sleep('80 hours');
    const state = await waitForStatus(h, 'waiting');
    // Each turn: the visit of hello, its send, the visit of pause; after the start's visit.
    const recorded = 1 + 3 * (sends.get(phone)?.length ?? 0);
    expect(recorded).toBeGreaterThan(HISTORY_RING_SIZE);
    expect(state.history).toHaveLength(HISTORY_RING_SIZE);
    expect(state.historyDropped).toBe(recorded - HISTORY_RING_SIZE);
    expect(state.history.at(-1)).toMatchObject({ kind: 'visit', nodeId: 'pause' });
    await h.signal(stopSignal, { reason: 'enough' });
    await h.result();
  });
});

describe("a test send's contact", () => {
  forVersion(3)();
  const test = { waitSeconds: 5, replyTimeoutSeconds: 120 };
  const journey = () =>
    surveyAfter(
      { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hello' } },
      { id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'P1D' } },
    );

  it('waits seconds instead of a day, times out in minutes, says so in its history, and marks its sends', async () => {
    const { phone, handle } = start(journey(), { firstName: 'Tess' }, { test });
    const h = await handle;
    await h.result();
    expect(sentNodes(phone)).toEqual(['hello', 'ask', 'no-answer']);
    expect(sends.get(phone)!.every((send) => send.test === true)).toBe(true);
    // On the time-skipped server clock: five seconds to the question, two minutes to the timeout.
    const [hello, ask, timedOut] = scheduledAt.get(phone)!;
    expect(ask! - hello!).toBeGreaterThanOrEqual(5_000);
    expect(ask! - hello!).toBeLessThan(60_000);
    expect(timedOut! - ask!).toBeGreaterThanOrEqual(120_000);
    expect(timedOut! - ask!).toBeLessThan(180_000);
    const shortened = (await h.query(stateQuery)).history.filter((e) => e.kind === 'wait_shortened');
    expect(shortened.map(({ nodeId, detail }) => [nodeId, detail])).toEqual([
      ['pause', 'test send: wait of 1 day shortened to 5 seconds'],
      ['reply', 'test send: reply timeout of 1 day shortened to 2 minutes'],
    ]);
  });

  it('keeps a wait already shorter than the test allows, and a launched contact waits its whole day', async () => {
    const short = journey();
    const pause = short.nodes.find((n) => n.id === 'pause');
    if (pause?.type === 'wait') pause.data.duration = 'PT2S';
    const tested = start(short, { firstName: 'Tess' }, { test });
    const testedHandle = await tested.handle;
    await testedHandle.result();
    const [hello, ask] = scheduledAt.get(tested.phone)!;
    expect(ask! - hello!).toBeGreaterThanOrEqual(2_000);
    expect(ask! - hello!).toBeLessThan(5_000);
    const history = (await testedHandle.query(stateQuery)).history;
    expect(history.filter((e) => e.kind === 'wait_shortened').map((e) => e.nodeId)).toEqual(['reply']);

    const launched = start(journey());
    const launchedHandle = await launched.handle;
    await launchedHandle.result();
    const [first, second] = scheduledAt.get(launched.phone)!;
    expect(second! - first!).toBeGreaterThanOrEqual(86_400_000);
    expect(sends.get(launched.phone)!.some((send) => send.test !== undefined)).toBe(false);
    expect((await launchedHandle.query(stateQuery)).history.some((e) => e.kind === 'wait_shortened')).toBe(false);
  });
});
