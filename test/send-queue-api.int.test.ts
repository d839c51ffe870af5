/** GET /api/send-queue: the caller's workspace's place in the shared send queue, and nobody else's. */
import { describe, expect, it } from 'vitest';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

const { db, app, config } = apiTestApp();

async function register(label: string): Promise<{ token: string; workspaceId: string }> {
  const res = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${uniqueName(label)}@example.com`, password: 'correct-horse-battery', name: label }),
  });
  expect(res.status).toBe(201);
  const session = (await res.json()) as { token: string; user: { workspaceId: string } };
  return { token: session.token, workspaceId: session.user.workspaceId };
}

async function sendQueue(token?: string) {
  const res = await app.request('/api/send-queue', {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Sends of a workspace in each state: waiting (pending, queued), in flight (sending), and done. */
async function seed(workspaceId: string, statuses: ('pending' | 'queued' | 'sending' | 'sent' | 'deferred')[]) {
  const queuedAt = new Date(Date.now() - 90_000);
  await db.messageLog.createMany({
    data: statuses.map((status, i) => ({
      idempotencyKey: uniqueName('send-queue'),
      workspaceId,
      phone: `+1559000${String(1000 + i)}`,
      channel: 'sms' as const,
      body: 'Hello',
      status,
      ...(status === 'sent' ? { twilioSid: `SM${uniqueName('sid').replace(/\W/g, '')}` } : {}),
      // The oldest waiting send was queued 90 s ago, the others now.
      queuedAt: i === 0 ? queuedAt : new Date(),
    })),
  });
}

describe('GET /api/send-queue', () => {
  it("answers the caller's workspace's waiting sends, oldest wait and weight, not another workspace's", async () => {
    const mine = await register('queue-mine');
    const theirs = await register('queue-theirs');
    await seed(mine.workspaceId, ['pending', 'queued', 'sending', 'sent', 'deferred']);
    await seed(theirs.workspaceId, ['pending', 'pending', 'pending', 'pending']);

    const { status, body } = await sendQueue(mine.token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ workspaceId: mine.workspaceId, weight: 1, depth: 3, admittedPerSecond: 0 });
    expect(body.oldestWaitSeconds).toBeGreaterThanOrEqual(89);
    expect(config.FAIR_SHARE_WEIGHTS).toEqual({});
  });

  it('answers an idle workspace with nothing waiting, and refuses a caller without a session', async () => {
    const idle = await register('queue-idle');
    expect((await sendQueue(idle.token)).body).toMatchObject({ depth: 0, oldestWaitSeconds: 0, admittedPerSecond: 0 });
    expect((await sendQueue()).status).toBe(401);
  });
});
