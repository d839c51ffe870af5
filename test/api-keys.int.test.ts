import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../features/api-keys/api-key-secret.js';
import { hashPassword } from '../features/auth/password.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

const { db, app } = apiTestApp();

const PASSWORD = 'correct-horse-battery';

interface TApiKey {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  createdBy: { id: string; email: string };
}

/** Every answer this file reads, loosely: each test reads the fields its route answers. */
interface TBody {
  token: string;
  user: { id: string; workspaceId: string; role: string };
  key: string;
  apiKey: TApiKey;
  items: TApiKey[];
  error: { code: string; details: { path: string }[] };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, { description: string }> };
}

async function call(method: string, path: string, authorization?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as TBody };
}

async function registerAdmin(): Promise<{ token: string; userId: string; workspaceId: string }> {
  const email = `${uniqueName('keys')}@example.com`;
  const res = await call('POST', '/api/auth/register', undefined, { email, password: PASSWORD, name: 'Admin' });
  expect(res.status).toBe(201);
  return { token: res.body.token, userId: res.body.user.id, workspaceId: res.body.user.workspaceId };
}

async function addMember(workspaceId: string): Promise<{ token: string; userId: string }> {
  const email = `${uniqueName('member')}@example.com`;
  const user = await db.user.create({
    data: { workspaceId, email, passwordHash: await hashPassword(PASSWORD), name: 'Member', role: 'member' },
  });
  const res = await call('POST', '/api/auth/login', undefined, { email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { token: res.body.token, userId: user.id };
}

const bearer = (token: string) => `Bearer ${token}`;

describe('API keys', () => {
  it('lets an admin create a key shown once, list it without its secret, use it as a bearer, and revoke it at once', async () => {
    const admin = await registerAdmin();
    const created = await call('POST', '/api/workspace/api-keys', bearer(admin.token), { name: 'CRM sync' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^ick_[A-Za-z0-9_-]{43}$/);
    const apiKey: TApiKey = created.body.apiKey;
    expect(apiKey).toMatchObject({ name: 'CRM sync', role: 'member', prefix: key.slice(0, 12), lastUsedAt: null });
    expect(apiKey.createdBy.id).toBe(admin.userId);

    // Stored as its SHA-256 only: the key itself is nowhere in the row.
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const listed = await call('GET', '/api/workspace/api-keys', bearer(admin.token));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: TApiKey) => item.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    // The key acts as its creator at the key's role: reads work, admin-only routes do not.
    const me = await call('GET', '/api/me', bearer(key));
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(admin.userId);
    expect((await call('GET', '/api/journeys', bearer(key))).status).toBe(200);
    expect((await call('GET', '/api/workspace/api-keys', bearer(key))).status).toBe(403);
    const used = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(used.lastUsedAt).not.toBeNull();
    // Written at most once a minute: a second request within it leaves it alone.
    await call('GET', '/api/me', bearer(key));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(used.lastUsedAt);

    const revoked = await call('DELETE', `/api/workspace/api-keys/${apiKey.id}`, bearer(admin.token));
    expect(revoked.status).toBe(204);
    const refused = await call('GET', '/api/me', bearer(key));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(refused.body.error).toMatchObject({ code: 'unauthenticated' });
    expect((await call('DELETE', `/api/workspace/api-keys/${apiKey.id}`, bearer(admin.token))).status).toBe(404);
    expect((await call('GET', '/api/workspace/api-keys', bearer(admin.token))).body.items).toEqual([]);
  });

  it('gives an admin key admin rights while its creator is an admin, and never more than the creator has now', async () => {
    const admin = await registerAdmin();
    const created = await call('POST', '/api/workspace/api-keys', bearer(admin.token), { name: 'ops', role: 'admin' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect((await call('GET', '/api/workspace/api-keys', bearer(key))).status).toBe(200);
    // A second admin, so the creator can be made a member: the key falls to member with them.
    await addMember(admin.workspaceId).then(({ userId }) =>
      db.user.update({ where: { id: userId }, data: { role: 'admin' } }),
    );
    await db.user.update({ where: { id: admin.userId }, data: { role: 'member' } });
    expect((await call('GET', '/api/workspace/api-keys', bearer(key))).status).toBe(403);
  });

  it('refuses members (403), other workspaces (404), unknown keys (401) and bad input (400)', async () => {
    const admin = await registerAdmin();
    const member = await addMember(admin.workspaceId);
    for (const [method, path, body] of [
      ['GET', '/api/workspace/api-keys', undefined],
      ['POST', '/api/workspace/api-keys', { name: 'mine' }],
      ['DELETE', `/api/workspace/api-keys/${crypto.randomUUID()}`, undefined],
    ] as const) {
      const res = await call(method, path, bearer(member.token), body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await db.apiKey.count({ where: { workspaceId: admin.workspaceId } })).toBe(0);

    const created = await call('POST', '/api/workspace/api-keys', bearer(admin.token), { name: 'kept' });
    const other = await registerAdmin();
    expect(
      (await call('DELETE', `/api/workspace/api-keys/${created.body.apiKey.id}`, bearer(other.token))).status,
    ).toBe(404);
    expect((await call('GET', '/api/workspace/api-keys', bearer(other.token))).body.items).toEqual([]);
    expect((await call('GET', '/api/me', bearer(created.body.key))).status).toBe(200);

    expect((await call('GET', '/api/me', bearer(`ick_${'A'.repeat(43)}`))).status).toBe(401);
    const invalid = await call('POST', '/api/workspace/api-keys', bearer(admin.token), { name: '', role: 'owner' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['name', 'role']);
  });

  it('is revoked with the user who created it', async () => {
    const admin = await registerAdmin();
    const second = await addMember(admin.workspaceId);
    await db.user.update({ where: { id: second.userId }, data: { role: 'admin' } });
    const created = await call('POST', '/api/workspace/api-keys', bearer(second.token), { name: 'theirs' });
    expect(created.status).toBe(201);
    expect((await call('DELETE', `/api/users/${second.userId}`, bearer(admin.token))).status).toBe(204);
    expect((await call('GET', '/api/me', bearer(created.body.key))).status).toBe(401);
  });

  it('is described in the OpenAPI document, bearer scheme included', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/workspace/api-keys', '/api/workspace/api-keys/{id}']),
    );
    expect(doc.paths['/api/workspace/api-keys']?.post?.responses['201']).toBeDefined();
    expect(doc.paths['/api/workspace/api-keys/{id}']?.delete?.responses['204']).toBeDefined();
    expect(doc.components.securitySchemes.bearerAuth?.description).toMatch(/ick_/);
  });
});
