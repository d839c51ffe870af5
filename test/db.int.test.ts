import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../infra/db.js';
import { testConfig } from './support/context.js';

const db = createDb(testConfig().DATABASE_URL);
afterAll(() => db.$disconnect());

describe('Prisma round trip on every model', () => {
  it('writes and reads back each model, with relations and constraints', async () => {
    const workspace = await db.workspace.create({ data: { name: 'Acme' } });
    const email = `owner-${workspace.id}@example.com`;
    const user = await db.user.create({
      data: { workspaceId: workspace.id, email, passwordHash: 'scrypt$x', name: 'Owner', role: 'admin' },
    });
    const nodes = [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }];
    const journey = await db.journey.create({
      data: { workspaceId: workspace.id, userId: user.id, name: 'Welcome', nodes, edges: [] },
    });
    const version = await db.journeyVersion.create({
      data: { journeyId: journey.id, workspaceId: workspace.id, version: 1, name: journey.name, nodes, edges: [] },
    });
    const run = await db.run.create({
      data: {
        workspaceId: workspace.id,
        userId: user.id,
        journeyId: journey.id,
        journeyVersionId: version.id,
        journeyName: 'Welcome',
        total: 1,
      },
    });
    const contact = await db.contact.create({
      data: { runId: run.id, workspaceId: workspace.id, phone: '+14155550100', vars: { name: 'Ada' } },
    });
    const campaign = await db.campaign.create({
      data: { workspaceId: workspace.id, userId: user.id, name: 'Promo', channel: 'sms', body: 'Hi {{name}}' },
    });
    const log = await db.messageLog.create({
      data: {
        workspaceId: workspace.id,
        idempotencyKey: `key-${contact.id}`,
        runId: run.id,
        contactId: contact.id,
        nodeId: 'm1',
        phone: contact.phone,
        channel: 'whatsapp',
        body: 'Hi Ada',
      },
    });
    const template = await db.template.create({
      data: { workspaceId: workspace.id, userId: user.id, name: 'welcome', content: 'Hi {{1}}', category: 'utility' },
    });
    const optOut = await db.optOut.create({
      data: { workspaceId: workspace.id, phone: '+14155550199', keyword: 'STOP' },
    });
    const apiKey = await db.apiKey.create({
      data: {
        workspaceId: workspace.id,
        userId: user.id,
        name: 'CRM',
        role: 'member',
        keyHash: `hash-${workspace.id}`,
        prefix: 'ick_abcdefgh',
      },
    });
    const sandbox = await db.sandboxMessage.create({
      data: {
        sid: `SM${workspace.id.replaceAll('-', '')}`,
        accountSid: 'AC0',
        direction: 'outbound-api',
        to: '+14155550100',
        from: '+15005550006',
        body: 'Hi',
        status: 'queued',
      },
    });

    const loaded = await db.run.findUniqueOrThrow({
      where: { id: run.id },
      include: { contacts: true, messageLogs: true, journeyVersion: true, journey: true, user: true },
    });
    expect(loaded.status).toBe('queued');
    expect(loaded.contacts.map((c) => [c.phone, c.state, c.vars])).toEqual([
      ['+14155550100', 'queued', { name: 'Ada' }],
    ]);
    expect(loaded.messageLogs.map((m) => [m.idempotencyKey, m.status, m.attempts])).toEqual([
      [log.idempotencyKey, 'pending', 0],
    ]);
    expect(loaded.journeyVersion.nodes).toEqual(nodes);
    expect(loaded.user.role).toBe('admin');
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).body).toBe('Hi {{name}}');
    expect((await db.template.findUniqueOrThrow({ where: { id: template.id } })).variables).toEqual([]);
    expect(
      (
        await db.optOut.findUniqueOrThrow({
          where: { workspaceId_phone: { workspaceId: workspace.id, phone: optOut.phone } },
        })
      ).keyword,
    ).toBe('STOP');
    expect((await db.sandboxMessage.findUniqueOrThrow({ where: { sid: sandbox.sid } })).direction).toBe('outbound-api');
    expect(await db.apiKey.findUniqueOrThrow({ where: { keyHash: apiKey.keyHash } })).toMatchObject({
      id: apiKey.id,
      role: 'member',
      lastUsedAt: null,
    });
    // A key hash is unique: one key finds one row.
    await expect(db.apiKey.create({ data: { ...apiKey, id: undefined, name: 'Twin' } })).rejects.toMatchObject({
      code: 'P2002',
    });

    // The idempotency key is unique: a second send of the same (contact, node, visit) cannot be logged.
    await expect(
      db.messageLog.create({
        data: { workspaceId: workspace.id, idempotencyKey: log.idempotencyKey, phone: contact.phone, channel: 'sms' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    // A phone appears once per run.
    await expect(
      db.contact.create({ data: { runId: run.id, workspaceId: workspace.id, phone: contact.phone } }),
    ).rejects.toMatchObject({ code: 'P2002' });

    // A contact converts once per run; goal events keep the integration's id once per workspace.
    const goal = { kind: 'event', event: 'order.paid', window: 'P7D' };
    await db.journeyVersion.update({ where: { id: version.id }, data: { goal } });
    const event = await db.goalEvent.create({
      data: { workspaceId: workspace.id, externalId: 'evt-1', phone: contact.phone, name: 'order.paid' },
    });
    await db.conversion.create({
      data: {
        runId: run.id,
        contactId: contact.id,
        workspaceId: workspace.id,
        source: 'event',
        sourceId: event.id,
        convertedAt: new Date(),
      },
    });
    expect(
      await db.run.findUniqueOrThrow({ where: { id: run.id }, include: { conversions: true, journeyVersion: true } }),
    ).toMatchObject({ journeyVersion: { goal }, conversions: [{ contactId: contact.id, source: 'event' }] });
    await expect(
      db.conversion.create({
        data: {
          runId: run.id,
          contactId: contact.id,
          workspaceId: workspace.id,
          source: 'reply',
          sourceId: 'SM1',
          convertedAt: new Date(),
        },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    await expect(
      db.goalEvent.create({
        data: { workspaceId: workspace.id, externalId: 'evt-1', phone: contact.phone, name: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });

    // Deleting the workspace takes every row it owns with it.
    await db.workspace.delete({ where: { id: workspace.id } });
    expect(await db.messageLog.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.apiKey.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.conversion.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.goalEvent.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it('records the migration the way prisma migrate deploy does', async () => {
    const rows = await db.$queryRaw<{ migration_name: string; applied_steps_count: number; finished: boolean }[]>`
      SELECT migration_name, applied_steps_count, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows[0]).toEqual({ migration_name: '20261125000000_init', applied_steps_count: 1, finished: true });
  });
});
