/**
 * reportOutcome marks a send's row told (`reportedAt`) only once its waiter has been told.
 * For a contact that handed its send off, the mirrored end is the telling, and the mark is
 * written in the same statement as that end; every other path marks the row after telling.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import type { TWaiter } from '../outbound/message-job.js';
import { reportOutcome } from '../outbound/report-outcome.js';
import { testConfig, uniqueName } from './support/context.js';
import { runOfOne } from './support/run-rows.js';

let db: Db;
let workspaceId: string;
const logger = createLogger('test', 'silent');
/** No workflow is ever signalled here: a signal would mean the handed-off path asked Temporal. */
const temporal = {
  workflow: {
    getHandle: () => {
      throw new Error('no contact workflow is signalled in these tests');
    },
  },
  activity: {},
} as unknown as Parameters<typeof reportOutcome>[0]['temporal'];

beforeAll(async () => {
  db = createDb(testConfig().DATABASE_URL);
  workspaceId = (await db.workspace.create({ data: { name: uniqueName('report-outcome') } })).id;
});
afterAll(() => db.$disconnect());

/** A queued send of a one-contact run, its path after the send instant to the end. */
async function queuedSend(afterSend: boolean) {
  const phone = `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const { run, contact } = await runOfOne(db, workspaceId, phone, { contact: { state: 'active', cursor: 'ask' } });
  const sent = { status: 'sent', twilioSid: `SM${randomUUID().replaceAll('-', '')}`, attempts: 1 } as const;
  const row = await db.messageLog.create({
    data: {
      idempotencyKey: uniqueName('send'),
      workspaceId,
      runId: run.id,
      contactId: contact.id,
      nodeId: 'ask',
      phone,
      channel: 'sms',
      body: 'Hello',
      status: 'sent',
      twilioSid: sent.twilioSid,
      ...(afterSend ? { afterSend: { steps: [{ kind: 'visit', nodeId: 'end' }] } } : {}),
    },
  });
  return { run, contact, row, sent };
}

const handedOff = (workflowId: string): TWaiter => ({
  kind: 'signal',
  namespace: 'default',
  workflowId,
  handedOff: true,
});

describe('reportOutcome', () => {
  it('writes a handed-off contact its end and marks the row told', async () => {
    const { run, contact, row, sent } = await queuedSend(true);
    await reportOutcome({ db, temporal, logger }, row, handedOff(`c-${contact.id}`), sent);

    expect(await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({
      state: 'done',
      cursor: null,
      endedAt: expect.any(Date),
    });
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).processed).toBe(1);
    expect((await db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).reportedAt).toBeInstanceOf(Date);
  });

  it('marks the row told when a handed-off contact has no end to write after the send', async () => {
    // No afterSend: the end is not the worker's to write, yet the waiter has been told all there is.
    const { contact, row, sent } = await queuedSend(false);
    await reportOutcome({ db, temporal, logger }, row, handedOff(`c-${contact.id}`), sent);

    expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).endedAt).toBeNull();
    expect((await db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).reportedAt).toBeInstanceOf(Date);
  });

  it('keeps the first time a row was told when it is told again', async () => {
    const { contact, row, sent } = await queuedSend(true);
    await reportOutcome({ db, temporal, logger }, row, handedOff(`c-${contact.id}`), sent);
    const first = (await db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).reportedAt;
    await reportOutcome({ db, temporal, logger }, row, handedOff(`c-${contact.id}`), sent);

    expect((await db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).reportedAt).toEqual(first);
    expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).state).toBe('done');
  });
});
