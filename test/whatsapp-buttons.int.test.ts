/**
 * WhatsApp quick-reply buttons end to end, every piece real: a content template with
 * buttons is created through the twilio client's Content API (the sandbox plays it), a
 * journey sends it with per-contact variables and waits for a reply with one branch per
 * button (as the builder adds them), the message worker sends ContentSid and
 * ContentVariables through the twilio client, and a tap in the phone simulator posts the
 * signed webhook with ButtonPayload that steers the contact down that button's branch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { withButtonBranches, type TJourney } from '../core/index.js';
import { uniqueName } from './support/context.js';
import { startSendStack } from './support/send-stack.js';

let stack: Awaited<ReturnType<typeof startSendStack>>;
let token: string;

beforeAll(async () => {
  stack = await startSendStack();
  const res = await stack.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName('buttons')}@example.com`, password: 'a-good-password', name: 'Ops' }),
  });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(() => stack.stop());

function call(path: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return stack.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : null,
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const BUTTONS = [
  { id: 'CONFIRM_BOOKING', title: 'Confirm' },
  { id: 'CANCEL_BOOKING', title: 'Cancel' },
];

/** The survey asked as a quick-reply template, branching on its buttons, follow-ups on WhatsApp. */
function appointmentJourney(contentSid: string): TJourney {
  const journey = surveyJourney();
  journey.name = 'Appointment';
  for (const node of journey.nodes) {
    if (node.type === 'message') node.data = { ...node.data, channel: 'whatsapp' } as typeof node.data;
    if (node.id === 'ask' && node.type === 'message')
      node.data = { channel: 'whatsapp', contentSid, contentVariables: { '1': '{{firstName}}' }, buttons: BUTTONS };
    if (node.id === 'reply' && node.type === 'waitForReply') node.data.branches = withButtonBranches([], BUTTONS);
  }
  for (const edge of journey.edges) {
    if (edge.sourceHandle === 'yes') edge.sourceHandle = 'Confirm';
    if (edge.sourceHandle === 'no') edge.sourceHandle = 'Cancel';
  }
  return journey;
}

interface TRun {
  status: string;
  counts: { byState: Record<string, number>; atNode: Record<string, number>; visitedNode: Record<string, number> };
}

interface TSimulatorMessage {
  sid: string;
  direction: string;
  body: string | null;
  contentSid: string | null;
  buttons: { id: string; title: string }[] | null;
}

describe('WhatsApp quick-reply buttons', () => {
  it('sends the template with its buttons, and a tap takes the branch of that button', async () => {
    // As a team would in Twilio's Content Template Builder, here through its API.
    const content = await stack.twilio.content.v1.contents.create({
      friendly_name: 'appointment_check',
      language: 'en',
      variables: { '1': 'there' },
      types: { 'twilio/quick-reply': { body: 'Hi {{1}}, is Monday at 10 still good?', actions: BUTTONS } },
    } as never);
    expect(content.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect((await stack.twilio.content.v1.contents(content.sid).fetch()).types).toEqual({
      'twilio/quick-reply': { body: 'Hi {{1}}, is Monday at 10 still good?', actions: BUTTONS },
    });

    // The builder reads it back through the API, which asks Twilio's Content API for it.
    const read = await call(`/api/content/${content.sid}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      sid: content.sid,
      friendlyName: 'appointment_check',
      language: 'en',
      variables: { '1': 'there' },
      body: 'Hi {{1}}, is Monday at 10 still good?',
      buttons: BUTTONS,
    });
    const unknown = await call(`/api/content/HX${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const saved = await call('/api/journeys', { method: 'POST', json: appointmentJourney(content.sid) });
    expect(saved.status).toBe(201);
    const { journey } = (await saved.json()) as { journey: { id: string } };
    const [ada, bo] = ['+12125570101', '+12125570102'];
    const launch = await call(`/api/journeys/${journey.id}/launch`, {
      method: 'POST',
      json: { contacts: [ada, bo].map((phone, i) => ({ phone, vars: { firstName: ['Ada', 'Bo'][i] } })) },
    });
    expect(launch.status).toBe(202);
    const { runId } = (await launch.json()) as { runId: string };
    const getRun = async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
    await until(getRun, (run) => run.counts.atNode.reply === 2, 'both contacts waiting for a reply');

    // The message worker sent ContentSid + per-contact ContentVariables, and the log keeps them.
    const logs = await stack.db.messageLog.findMany({ where: { runId, nodeId: 'ask' }, orderBy: { phone: 'asc' } });
    expect(logs.map((l) => [l.phone, l.channel, l.body, l.contentSid, l.contentVariables, l.status])).toEqual([
      [ada, 'whatsapp', null, content.sid, { '1': 'Ada' }, expect.stringMatching(/sent|delivered|read/)],
      [bo, 'whatsapp', null, content.sid, { '1': 'Bo' }, expect.stringMatching(/sent|delivered|read/)],
    ]);

    // The phone sees the rendered text and the buttons, as the simulator shows them.
    const conversation = async (phone: string) =>
      (
        (await (await call(`/sandbox/messages?to=${encodeURIComponent(phone)}`)).json()) as {
          messages: TSimulatorMessage[];
        }
      ).messages;
    const [asked] = await conversation(ada!);
    expect(asked).toMatchObject({
      direction: 'outbound-api',
      body: 'Hi Ada, is Monday at 10 still good?',
      contentSid: content.sid,
      buttons: BUTTONS,
    });
    expect(asked?.sid).toBe(logs[0]?.twilioSid);

    // Taps: the simulator posts a signed webhook with ButtonPayload (the id) and ButtonText (the title).
    for (const [from, button] of [
      [ada, BUTTONS[1]!],
      [bo, BUTTONS[0]!],
    ] as const) {
      const tap = await call('/sandbox/reply', {
        method: 'POST',
        json: { from, body: button.title, payload: button.id },
      });
      expect(tap.status).toBe(202);
      expect(((await tap.json()) as { webhookStatus: number }).webhookStatus).toBe(200);
    }
    const inbound = await stack.db.inboundMessage.findFirstOrThrow({ where: { from: ada } });
    expect(inbound).toMatchObject({ channel: 'whatsapp', body: 'Cancel', payload: 'CANCEL_BOOKING' });
    // A "Cancel" button is a choice, not the CANCEL opt-out keyword typed by the phone.
    expect(await stack.db.optOut.count({ where: { phone: ada! } })).toBe(0);

    const done = await until(getRun, (run) => run.status === 'done', 'the run to finish');
    expect(done.counts.byState).toEqual({ done: 2 });
    expect(done.counts.visitedNode).toMatchObject({ 'thanks-yes': 1, 'thanks-no': 1 });
    expect((await conversation(ada!)).at(-1)?.body).toBe(`Sorry about that, Ada. A manager will call ${ada}.`);
    expect((await conversation(bo!)).at(-1)?.body).toBe('Great to hear, Bo! See you soon.');
    const contacts = (await (await call(`/api/runs/${runId}/contacts?phone=${encodeURIComponent(ada!)}`)).json()) as {
      items: { history: { kind: string; nodeId?: string; detail?: string }[] }[];
    };
    expect(contacts.items[0]?.history.filter((e) => e.kind === 'visit').map((e) => e.nodeId)).toEqual([
      'start',
      'ask',
      'reply',
      'thanks-no',
      'end',
    ]);
  });

  it('takes no button branch for typed text that only looks like a button', async () => {
    const content = await stack.twilio.content.v1.contents.create({
      language: 'en',
      types: { 'twilio/quick-reply': { body: 'Coming {{1}}?', actions: BUTTONS } },
    } as never);
    const journey = appointmentJourney(content.sid);
    const reply = journey.nodes.find((n) => n.id === 'reply');
    if (reply?.type === 'waitForReply') reply.data.timeout = 'PT1S';
    const saved = (await (await call('/api/journeys', { method: 'POST', json: journey })).json()) as {
      journey: { id: string };
    };
    const phone = '+12125570201';
    const launch = await call(`/api/journeys/${saved.journey.id}/launch`, {
      method: 'POST',
      json: { contacts: [{ phone, vars: { firstName: 'Cy' } }] },
    });
    const { runId } = (await launch.json()) as { runId: string };
    const getRun = async () => (await (await call(`/api/runs/${runId}`)).json()) as TRun;
    await until(getRun, (run) => run.counts.atNode.reply === 1, 'the contact waiting for a reply');
    // Typed, not tapped: no ButtonPayload, so neither payload branch matches (no "no match" edge: it waits on).
    await call('/sandbox/reply', { method: 'POST', json: { from: phone, body: 'CONFIRM_BOOKING' } });
    const done = await until(getRun, (run) => run.status === 'done', 'the run to finish');
    expect(done.counts.visitedNode).toMatchObject({ 'no-answer': 1 });
    expect(done.counts.visitedNode['thanks-yes']).toBeUndefined();
  });
});
