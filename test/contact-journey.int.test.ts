/**
 * The contact journey interpreter on Temporal's time-skipping test server: a P1D reply
 * timeout or a P3D wait passes in milliseconds. Sends go to a recording stand-in of the
 * sendMessage activity (same type); the real send path has its own suite.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContactProgress } from '../activities/record-contact-progress.js';
import type { SendMessageInput } from '../activities/send-message.js';
import { surveyJourney } from '../core/journey/fixtures.js';
import type { TJourney } from '../core/journey/schema.js';
import type { TSendOutcome } from '../server/messages/message-job.js';
import { inboundSignal, stateQuery, stopSignal, type TContactJourneyInput } from '../workflows/definitions.js';
import { uniqueName } from './support/context.js';
import { waitForStatus } from './support/workflow-state.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'contact-journey-test';
const sends = new Map<string, SendMessageInput[]>();
const failingPhones = new Set<string>();
const progressReports: ContactProgress[] = [];

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: {
      async recordContactProgress(progress: ContactProgress): Promise<void> {
        progressReports.push(progress);
      },
      async sendMessage(input: SendMessageInput): Promise<TSendOutcome> {
        const list = sends.get(input.to) ?? [];
        list.push(input);
        sends.set(input.to, list);
        if (failingPhones.has(input.to)) return { status: 'failed', messageLogId: 'log', errorCode: 21211, error: "Invalid 'To' phone number", attempts: 1 };
        return { status: 'sent', messageLogId: 'log', twilioSid: `SM${list.length}`, attempts: 1 };
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
function start(journey: TJourney, vars: Record<string, string> = { firstName: 'Ada' }) {
  phoneCounter += 1;
  const phone = `+1415555${String(1000 + phoneCounter)}`;
  const input: TContactJourneyInput = {
    version: 1,
    workspaceId: '00000000-0000-4000-8000-000000000001',
    runId: 'run-test',
    journeyId: 'journey-test',
    contactId: uniqueName('contact'),
    phone,
    vars,
    journey,
  };
  const handle = env.client.workflow.start('contactJourney', { taskQueue, workflowId: uniqueName('contact-wf'), args: [input] });
  return { phone, handle, contactId: input.contactId };
}

const sentNodes = (phone: string) => (sends.get(phone) ?? []).map((s) => s.nodeId);

const waitingForReply = (handle: Awaited<ReturnType<typeof start>['handle']>) => waitForStatus(handle, 'waiting_reply');

describe('contactJourney', () => {
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
    expect(reports.flatMap((r) => r.entries)).toEqual(state.history);
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
    expect(state.history.filter((e) => e.kind === 'branch')).toEqual([expect.objectContaining({ nodeId: 'reply', detail: 'timeout' })]);
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
        { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hello {{firstName}}' } },
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
        { id: 'vip', type: 'condition', position: { x: 0, y: 0 }, data: { rules: [{ id: 'gold', variable: 'tier', op: 'equals', value: 'gold' }] } },
        { id: 'ab', type: 'split', position: { x: 0, y: 0 }, data: { branches: [{ id: 'a', percent: 50 }, { id: 'b', percent: 50 }] } },
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
    expect(await (await missing.handle).result()).toEqual({ status: 'failed', cursor: 'ask', error: 'missing variables: firstName' });
    expect(sentNodes(missing.phone)).toEqual([]);

    phoneCounter += 1;
    const failing = start(surveyJourney());
    failingPhones.add(failing.phone);
    expect(await (await failing.handle).result()).toEqual({ status: 'failed', cursor: 'ask', error: "Invalid 'To' phone number" });
  });
});
