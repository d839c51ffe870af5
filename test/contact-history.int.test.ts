/**
 * A contact's history stays bounded in Postgres (the latest HISTORY_RING_SIZE entries and a
 * count of the dropped ones, trimmed by the write that appends) and the API pages it: the
 * latest page by default, `historyBefore` for older ones, a 400 naming the field otherwise.
 */
import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { recordContactProgress } from '../features/runs/record-contact-progress.js';
import { HISTORY_RING_SIZE, type THistoryEntry } from '../workflows/contract/index.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

// A task queue no worker polls: launched contacts stay put, so their rows are what the test writes.
const { app, db } = apiTestApp({ TEMPORAL_TASK_QUEUE: uniqueName('contact-history') });

async function call(path: string, token: string, body?: unknown) {
  const res = await app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A workspace with a one-contact run, the contact still queued. */
async function oneContactRun() {
  const email = `${uniqueName('history')}@example.com`;
  const registered = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'History' }),
  });
  const { token } = (await registered.json()) as { token: string };
  const journey = await call('/api/journeys', token, surveyJourney());
  const journeyId = (journey.body.journey as { id: string }).id;
  const launch = await call(`/api/journeys/${journeyId}/launch`, token, {
    contacts: [{ phone: '+14155550123', vars: { firstName: 'Ada' } }],
  });
  expect(launch.status).toBe(202);
  const runId = launch.body.runId as string;
  const contact = await db.contact.findFirstOrThrow({ where: { runId } });
  return { token, runId, contactId: contact.id };
}

const step = (i: number): THistoryEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  kind: 'visit',
  nodeId: `n${i}`,
});
const steps = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => step(from + i));
const nodeIds = (history: unknown) => (history as THistoryEntry[]).map((entry) => entry.nodeId);

describe('contact history, bounded and paged', () => {
  it('keeps the latest HISTORY_RING_SIZE entries in Postgres and counts the dropped ones', async () => {
    const { runId, contactId } = await oneContactRun();
    const write = (entries: THistoryEntry[]) =>
      recordContactProgress(db, { runId, contactId, state: 'active', cursor: 'n', entries });
    await write(steps(0, 120));
    expect(await db.contact.findUniqueOrThrow({ where: { id: contactId } })).toMatchObject({ historyDropped: 0 });
    await write(steps(120, 220));
    await write(steps(220, 260));
    const row = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
    expect(row.historyDropped).toBe(260 - HISTORY_RING_SIZE);
    expect(row.history).toEqual(steps(260 - HISTORY_RING_SIZE, 260));
  });

  it('keeps when the contact started and every node it visited after the ring drops its first steps', async () => {
    const { token, runId, contactId } = await oneContactRun();
    const write = (entries: THistoryEntry[]) =>
      recordContactProgress(db, { runId, contactId, state: 'active', cursor: 'n', entries });
    await write(steps(0, 150));
    // n0 .. n149 again, then 150 more: the ring now starts at n100's second visit.
    await write(steps(0, 150));
    await write(steps(150, 300));
    const row = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
    expect(nodeIds(row.history)[0]).toBe('n100');
    expect(row.startedAt?.toISOString()).toBe(step(0).at);
    expect(row.visited).toHaveLength(300);
    const run = await call(`/api/runs/${runId}`, token);
    const visitedNode = (run.body.counts as { visitedNode: Record<string, number> }).visitedNode;
    expect(Object.keys(visitedNode)).toHaveLength(300);
    expect(visitedNode).toMatchObject({ n0: 1, n1: 1, n299: 1 });
  });

  it('answers the latest page with a cursor for older ones and the total; pages back to the oldest kept', async () => {
    const { token, runId, contactId } = await oneContactRun();
    await recordContactProgress(db, { runId, contactId, state: 'active', cursor: 'n', entries: steps(0, 260) });
    const path = `/api/runs/${runId}/contacts/${contactId}`;

    const latest = await call(path, token);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ historyTotal: 260, historyDropped: 60, historyBefore: '210' });
    expect(nodeIds(latest.body.history)).toEqual(nodeIds(steps(210, 260)));

    const seen: unknown[] = [];
    let before: unknown = null;
    let answer = latest;
    for (;;) {
      seen.unshift(...(answer.body.history as unknown[]));
      before = answer.body.historyBefore;
      if (before === null) break;
      answer = await call(`${path}?historyBefore=${String(before)}`, token);
      expect(answer.status).toBe(200);
    }
    expect(seen).toEqual(steps(60, 260));

    const window = await call(`${path}?historyBefore=100&historyLimit=30`, token);
    expect(nodeIds(window.body.history)).toEqual(nodeIds(steps(70, 100)));
    expect(window.body.historyBefore).toBe('70');
    // Steps dropped since the cursor was given: nothing left before it.
    const gone = await call(`${path}?historyBefore=50`, token);
    expect(gone.body).toMatchObject({ history: [], historyBefore: null, historyTotal: 260 });

    const list = await call(`/api/runs/${runId}/contacts`, token);
    const [item] = list.body.items as Array<{ history: unknown[]; historyDropped: number }>;
    expect(item).toMatchObject({ historyDropped: 60 });
    expect(item?.history).toHaveLength(HISTORY_RING_SIZE);
  });

  it('answers 400 naming the field for a malformed or unknown cursor and an out-of-range page size', async () => {
    const { token, runId, contactId } = await oneContactRun();
    await recordContactProgress(db, { runId, contactId, state: 'active', cursor: 'n', entries: steps(0, 10) });
    const path = `/api/runs/${runId}/contacts/${contactId}`;
    for (const [query, field] of [
      ['historyBefore=abc', 'historyBefore'],
      ['historyBefore=-1', 'historyBefore'],
      ['historyBefore=11', 'historyBefore'],
      [`historyLimit=${HISTORY_RING_SIZE + 1}`, 'historyLimit'],
      ['historyLimit=0', 'historyLimit'],
    ] as const) {
      const res = await call(`${path}?${query}`, token);
      expect({ query, status: res.status, body: res.body }).toMatchObject({
        query,
        status: 400,
        body: { error: { code: 'invalid_input', details: [expect.objectContaining({ path: field })] } },
      });
    }
  });
});
