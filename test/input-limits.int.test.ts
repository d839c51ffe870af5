/**
 * The input limits every contact's workflow input must fit in, through the API: journey
 * size and reply patterns on save and launch, and contact variables in launch and campaign
 * audiences (JSON and CSV). Each is a 400 naming the field and the limit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { loadCampaignBatch, MAX_BATCH_VARS_BYTES } from '../features/campaigns/load-campaign-batch.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

const { db, app } = apiTestApp();

let token: string;
let me: { id: string; workspaceId: string };
beforeAll(async () => {
  const res = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName('limits')}@example.com`, password: 'a-good-password', name: 'L' }),
  });
  expect(res.status).toBe(201);
  ({ token, user: me } = (await res.json()) as { token: string; user: { id: string; workspaceId: string } });
});

interface TError {
  error: { code: string; message: string; details: unknown };
}

async function call(
  path: string,
  init: { method?: string; json?: unknown; body?: RequestInit['body']; type?: string } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.type !== undefined) headers['content-type'] = init.type;
  const res = await app.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as unknown };
}

const errorOf = (res: { body: unknown }) => (res.body as TError).error;

async function createJourney(journey: unknown): Promise<string> {
  const res = await call('/api/journeys', { method: 'POST', json: journey });
  expect(res.status).toBe(201);
  return (res.body as { journey: { id: string } }).journey.id;
}

function withReplyPattern(value: string) {
  const journey = surveyJourney();
  const reply = journey.nodes.find((n) => n.id === 'reply');
  if (reply?.type !== 'waitForReply') throw new Error('fixture changed');
  reply.data.branches[0] = { id: 'yes', match: 'regex', value };
  return journey;
}

/** The survey journey with `n` more messages of `body`, each reachable (a chain before the end). */
function withMessages(n: number, body: string) {
  const journey = surveyJourney() as unknown as { name: string; nodes: object[]; edges: object[] };
  for (let i = 0; i < n; i += 1) {
    journey.nodes.push({ id: `m${i}`, type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body } });
  }
  return journey;
}

describe('journey limits', () => {
  it('refuses a reply pattern RE2 cannot compile on create and update, naming the node and the field', async () => {
    const res = await call('/api/journeys', { method: 'POST', json: withReplyPattern('^(?=.*yes)') });
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/node "reply" \(nodes\.2\.data\.branches\.0\.value\).*lookarounds are not supported/);
    expect(error.details).toEqual([
      expect.objectContaining({
        code: 'bad_regex',
        nodeId: 'reply',
        path: ['nodes', 2, 'data', 'branches', 0, 'value'],
      }),
    ]);
    // A syntax error can never match a reply either.
    expect((await call('/api/journeys', { method: 'POST', json: withReplyPattern('([a-z') })).status).toBe(400);

    const id = await createJourney(withReplyPattern('^(yes|sim)\\b'));
    const update = await call(`/api/journeys/${id}`, { method: 'PUT', json: withReplyPattern('(a)\\1') });
    expect(update.status).toBe(400);
    expect(errorOf(update).details).toEqual([expect.objectContaining({ code: 'bad_regex', nodeId: 'reply' })]);
  });

  it('accepts a pattern that only a backtracking engine finds hard', async () => {
    await createJourney(withReplyPattern('(a|aa)+$'));
  });

  it('refuses more than 250 nodes on create and update, naming the field and the limit', async () => {
    const res = await call('/api/journeys', { method: 'POST', json: withMessages(251 - 7, 'hi') });
    expect(res.status).toBe(400);
    expect(errorOf(res).details).toEqual([expect.objectContaining({ path: 'nodes', message: 'at most 250 nodes' })]);
    const id = await createJourney(withMessages(250 - 7, 'hi'));
    const update = await call(`/api/journeys/${id}`, { method: 'PUT', json: withMessages(251 - 7, 'hi') });
    expect(update.status).toBe(400);
  });

  it('refuses a journey over 256 KiB as JSON on create and update, naming the limit', async () => {
    // 200 messages of 1,600 two-byte characters: about 650 KB, well under the body limit.
    const big = withMessages(200, 'é'.repeat(1600));
    const res = await call('/api/journeys', { method: 'POST', json: big });
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.message).toMatch(
      /^The journey is too large: the journey is \d+ bytes as JSON; the limit is 262144 bytes/,
    );
    expect(error.details).toEqual([{ path: '', message: expect.stringMatching(/limit is 262144/), limit: 262144 }]);

    const id = await createJourney(withMessages(100, 'x'.repeat(1600)));
    const update = await call(`/api/journeys/${id}`, { method: 'PUT', json: big });
    expect(update.status).toBe(400);
    expect(errorOf(update).details).toEqual([expect.objectContaining({ limit: 262144 })]);
  });

  it('refuses to launch a journey saved before the limits: too large, or with a pattern RE2 cannot compile', async () => {
    const contacts = [{ phone: '+12125560901', vars: { firstName: 'A' } }];
    const bigId = await createJourney(surveyJourney());
    const big = withMessages(200, 'é'.repeat(1600));
    await db.journey.update({ where: { id: bigId }, data: { nodes: big.nodes as never, edges: big.edges as never } });
    const bigLaunch = await call(`/api/journeys/${bigId}/launch`, { method: 'POST', json: { contacts } });
    expect(bigLaunch.status).toBe(400);
    expect(errorOf(bigLaunch).details).toEqual([expect.objectContaining({ path: '', limit: 262144 })]);

    const lookId = await createJourney(surveyJourney());
    const look = withReplyPattern('^(?=.*yes)');
    await db.journey.update({ where: { id: lookId }, data: { nodes: look.nodes as never } });
    const lookLaunch = await call(`/api/journeys/${lookId}/launch`, { method: 'POST', json: { contacts } });
    expect(lookLaunch.status).toBe(400);
    expect(errorOf(lookLaunch).details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'bad_regex',
          nodeId: 'reply',
          path: ['nodes', 2, 'data', 'branches', 0, 'value'],
        }),
      ]),
    );
  });
});

describe('variable limits', () => {
  const long = 'x'.repeat(1601);
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, 'x']));

  it('refuses a launch whose JSON audience has a value over 1,600 characters or more than 50 variables', async () => {
    const id = await createJourney(surveyJourney());
    const tooLong = await call(`/api/journeys/${id}/launch?dryRun=true`, {
      method: 'POST',
      json: { contacts: [{ phone: '+12125560902', vars: { firstName: 'A', note: long } }] },
    });
    expect(tooLong.status).toBe(400);
    expect(errorOf(tooLong).details).toEqual([
      {
        path: 'contacts.0.vars.note',
        message: 'variable "note" is 1601 characters long; the limit is 1600',
        limit: 1600,
      },
    ]);
    const tooMany = await call(`/api/journeys/${id}/launch?dryRun=true`, {
      method: 'POST',
      json: {
        contacts: [
          { phone: '+12125560903', vars: { firstName: 'A' } },
          { phone: '+12125560904', vars: many },
        ],
      },
    });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).details).toEqual([
      { path: 'contacts.1.vars', message: '51 variables; the limit is 50 per contact', limit: 50 },
    ]);
  });

  it('refuses a launch whose CSV has a cell over 1,600 characters, naming line, column and limit', async () => {
    const id = await createJourney(surveyJourney());
    const res = await call(`/api/journeys/${id}/launch`, {
      method: 'POST',
      body: `phone,firstName,note\n+12125560905,A,ok\n+12125560906,B,${long}\n`,
      type: 'text/csv',
    });
    expect(res.status).toBe(400);
    expect(errorOf(res).details).toEqual({
      problems: [
        {
          line: 3,
          column: 3,
          header: 'note',
          reason: 'variable "note" is 1601 characters long; the limit is 1600',
          limit: 1600,
        },
      ],
    });
    const runs = await db.run.count({ where: { journeyId: id } });
    expect(runs).toBe(0);
  });

  it('refuses a campaign whose recipients pass the limits, as JSON and as a CSV upload', async () => {
    const message = { channel: 'sms', body: 'Hi {{name}}' };
    const json = await call('/api/campaigns', {
      method: 'POST',
      json: { name: 'Long', message, contacts: [{ phone: '+12125560907', vars: { name: long } }] },
    });
    expect(json.status).toBe(400);
    expect(errorOf(json).details).toEqual([expect.objectContaining({ path: 'contacts.0.vars.name', limit: 1600 })]);

    const form = new FormData();
    form.set('name', 'Wide');
    form.set('message', JSON.stringify(message));
    const header = ['phone', 'name', ...Object.keys(many)].join(',');
    form.set('file', new File([`${header}\n+12125560908,Ann\n`], 'list.csv', { type: 'text/csv' }));
    const csv = await call('/api/campaigns', { method: 'POST', body: form });
    expect(csv.status).toBe(400);
    expect(errorOf(csv).details).toEqual({
      problems: [{ line: 1, reason: '52 variables; the limit is 50 per contact (one per column)', limit: 50 }],
    });
    expect(await db.campaign.count({ where: { name: { in: ['Long', 'Wide'] } } })).toBe(0);
  });

  it("keeps a campaign batch's variables well under Temporal's payload limit, even at the largest recipients", async () => {
    const names = Array.from({ length: 50 }, (_, i) => `v${i}`);
    const campaign = await db.campaign.create({
      data: {
        workspaceId: me.workspaceId,
        userId: me.id,
        name: 'Widest recipients',
        channel: 'sms',
        body: names.map((n) => `{{${n}}}`).join(' '),
        status: 'running',
      },
    });
    // 100 recipients at the limits: 50 values of 1,600 characters, and one unused variable.
    const vars = { ...Object.fromEntries(names.map((n) => [n, 'é'.repeat(1600)])), unused: 'x', timezone: 'UTC' };
    await db.campaignRecipient.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        campaignId: campaign.id,
        workspaceId: me.workspaceId,
        phone: `+1212556${String(1000 + i)}`,
        vars,
      })),
    });
    const batch = await loadCampaignBatch({ db }, { campaignId: campaign.id, limit: 100 });
    const size = Buffer.byteLength(JSON.stringify(batch));
    expect(size).toBeLessThan(MAX_BATCH_VARS_BYTES + 200 * 1024);
    expect(batch.recipients.length).toBeGreaterThan(0);
    expect(batch.recipients.length).toBeLessThan(100);
    expect(Object.keys(batch.recipients[0]!.vars).sort()).toEqual([...names, 'timezone'].sort());

    // The rest come in the next batches, each recipient once.
    const seen = batch.recipients.map((r) => r.id);
    for (let after = seen.at(-1); seen.length < 100; after = seen.at(-1)) {
      const next = await loadCampaignBatch({ db }, { campaignId: campaign.id, limit: 100, afterRecipientId: after! });
      expect(next.recipients.length).toBeGreaterThan(0);
      seen.push(...next.recipients.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(100);
  });
});
