/**
 * The people of a workspace: admins add, change and remove them; members only look; the
 * last admin cannot be removed or demoted; a removed user's token stops working at once and
 * a role change applies at once.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createDb, type Db } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import { testConfig, uniqueName } from './support/context.js';

const config = testConfig();
let db: Db;
let connection: Connection;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = createDb(config.DATABASE_URL);
  connection = await Connection.connect({ address: inject('temporalAddress') });
  app = createApp({
    logger: createLogger('test', 'silent'),
    readinessChecks: [],
    readinessTimeoutMs: 100,
    api: { config, db, temporal: new Client({ connection }) },
  });
});
afterAll(async () => {
  await connection.close();
  await db.$disconnect();
});

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { error?: { code: string } },
  };
}

interface TSession {
  token: string;
  user: { id: string; workspaceId: string; role: string; email: string };
}

const email = (label: string) => `${uniqueName(label)}@example.com`;
const PASSWORD = 'a-good-password';

async function register(label: string): Promise<TSession> {
  const res = await call('POST', '/api/auth/register', undefined, {
    email: email(label),
    password: PASSWORD,
    name: label,
  });
  expect(res.status).toBe(201);
  return res.body as unknown as TSession;
}
async function login(address: string): Promise<TSession> {
  const res = await call('POST', '/api/auth/login', undefined, { email: address, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body as unknown as TSession;
}

describe('users of a workspace', () => {
  it('lets an admin add a member who can sign in, and lists the team to everyone in it only', async () => {
    const admin = await register('admin');
    const other = await register('other');
    const address = email('member');
    const added = await call('POST', '/api/users', admin.token, {
      email: address,
      name: 'Mia',
      password: PASSWORD,
      workspaceId: other.user.workspaceId,
    });
    expect(added.status).toBe(201);
    expect(added.body.user).toMatchObject({ email: address, role: 'member', workspaceId: admin.user.workspaceId });
    const member = await login(address);
    const team = await call('GET', '/api/users', member.token);
    expect((team.body.items as { email: string }[]).map((u) => u.email).sort()).toEqual(
      [admin.user.email, address].sort(),
    );
    expect(JSON.stringify(team.body)).not.toMatch(/passwordHash|scrypt/);
    expect(((await call('GET', '/api/users', other.token)).body.items as unknown[]).length).toBe(1);
    expect(
      (await call('POST', '/api/users', admin.token, { email: address, name: 'Again', password: PASSWORD })).status,
    ).toBe(409);
  });

  it('lets only admins manage users, and never across workspaces', async () => {
    const admin = await register('boss');
    const other = await register('stranger');
    const address = email('crew');
    const created = await call('POST', '/api/users', admin.token, { email: address, name: 'Crew', password: PASSWORD });
    const crewId = (created.body.user as { id: string }).id;
    const crew = await login(address);
    expect(
      (await call('POST', '/api/users', crew.token, { email: email('x'), name: 'X', password: PASSWORD })).status,
    ).toBe(403);
    expect((await call('PATCH', `/api/users/${crewId}`, crew.token, { role: 'admin' })).status).toBe(403);
    expect((await call('DELETE', `/api/users/${admin.user.id}`, crew.token)).status).toBe(403);
    expect((await call('PATCH', `/api/users/${crewId}`, other.token, { role: 'admin' })).status).toBe(404);
    expect((await call('DELETE', `/api/users/${crewId}`, other.token)).status).toBe(404);
    expect((await db.user.findUniqueOrThrow({ where: { id: crewId } })).role).toBe('member');
  });

  it('applies a role change and a removal at once, whatever the token says', async () => {
    const admin = await register('lead');
    const address = email('promoted');
    const id = (
      (await call('POST', '/api/users', admin.token, { email: address, name: 'P', password: PASSWORD })).body.user as {
        id: string;
      }
    ).id;
    const session = await login(address);
    expect((await call('PUT', '/api/workspace/send-policy', session.token, {})).status).toBe(403);
    expect((await call('PATCH', `/api/users/${id}`, admin.token, { role: 'admin' })).status).toBe(200);
    expect((await call('PUT', '/api/workspace/send-policy', session.token, {})).status).toBe(200);

    expect((await call('DELETE', `/api/users/${id}`, admin.token)).status).toBe(204);
    const refused = await call('GET', '/api/journeys', session.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe('unauthenticated');
  });

  it("keeps at least one admin, and hands a removed user's journeys to the admin removing them", async () => {
    const admin = await register('solo');
    expect((await call('PATCH', `/api/users/${admin.user.id}`, admin.token, { role: 'member' })).status).toBe(409);
    expect((await call('DELETE', `/api/users/${admin.user.id}`, admin.token)).status).toBe(409);

    const address = email('author');
    const id = (
      (await call('POST', '/api/users', admin.token, { email: address, name: 'A', password: PASSWORD })).body.user as {
        id: string;
      }
    ).id;
    const author = await login(address);
    const journey = await call('POST', '/api/journeys', author.token, { name: 'Theirs' });
    expect((await call('DELETE', `/api/users/${id}`, admin.token)).status).toBe(204);
    const journeyId = (journey.body.journey as { id: string }).id;
    expect((await db.journey.findUniqueOrThrow({ where: { id: journeyId } })).userId).toBe(admin.user.id);
  });
});
