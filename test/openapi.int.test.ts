/**
 * The OpenAPI document, generated from the route declarations, against the app it describes:
 * - every /api route Hono registered is documented with the same method, and nothing else is;
 * - the document is valid OpenAPI 3.1, every $ref resolves, every path parameter is declared;
 * - the documented security is what the routes enforce;
 * - real answers, walked through every resource, have a documented status and match the
 *   documented response schema field for field (a field the schema does not name fails);
 * - /api/docs is public, and loads only files this server serves, under a strict CSP.
 */
import { randomUUID } from 'node:crypto';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 as oas31 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../core/journey/fixtures.js';
import { apiTestApp } from './support/api-app.js';
import { uniqueName } from './support/context.js';

// A task queue of its own: the launch and campaign started here must not reach another file's workers.
const { db, app } = apiTestApp({ TEMPORAL_TASK_QUEUE: uniqueName('openapi') });

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * `METHOD /api/path/{param}` of every route Hono registered under /api. Middleware (`ALL`)
 * and wildcard paths are left out, as test/route-security.int.test.ts leaves them out: the
 * one wildcard route, /api/docs/*, serves the reference page's own script and style files.
 */
function registeredRoutes(): string[] {
  const routes = app.routes.filter(
    (route) => route.method !== 'ALL' && route.path.startsWith('/api/') && !route.path.includes('*'),
  );
  return [
    ...new Set(routes.map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`)),
  ].sort();
}

function operationsOf(document: oas31.Document) {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      return operation ? [{ key: `${method.toUpperCase()} ${path}`, path, operation }] : [];
    }),
  );
}

/** Every `$ref` string anywhere in `value`. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

/**
 * `schema` with every object that names its properties closed to others: a body that
 * validates against it names no field the document leaves out. Objects that say what else
 * they allow (`additionalProperties`, e.g. the journey graph's loose nodes) are left as they are.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
// ajv-formats is CommonJS: its plugin is the default export of its module object.
addFormats.default(ajv);
let document: oas31.Document;
beforeAll(async () => {
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await res.json()) as oas31.Document;
});

/** Asserts `body` is valid against a schema of the document, closed to fields it does not name. */
function expectMatches(schema: unknown, body: unknown, label: string): void {
  // The components ride along, so the document's own $refs (#/components/schemas/X) resolve.
  const check = ajv.compile({ ...(closed(schema) as object), components: closed(document.components) });
  expect(check(body) ? [] : check.errors, label).toEqual([]);
}

describe('GET /api/openapi.json', () => {
  it('documents every registered /api route with its method, and no route that does not exist', () => {
    expect(
      operationsOf(document)
        .map(({ key }) => key)
        .sort(),
    ).toEqual(registeredRoutes());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('resolves every $ref to a component schema', () => {
    const schemas = document.components?.schemas ?? {};
    const refs = [...new Set(refsIn(document))];
    expect(refs.length).toBeGreaterThan(0);
    expect(
      refs.filter(
        (ref) => !ref.startsWith('#/components/schemas/') || !(ref.slice('#/components/schemas/'.length) in schemas),
      ),
    ).toEqual([]);
  });

  it('declares every path parameter, required, and no other', () => {
    for (const { key, path, operation } of operationsOf(document)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? []).filter(
        (p): p is oas31.ParameterObject => !('$ref' in p) && p.in === 'path',
      );
      expect(declared.map((p) => p.name).sort(), key).toEqual(inPath);
      expect(
        declared.every((p) => p.required === true),
        key,
      ).toBe(true);
    }
  });

  it('gives each operation a unique operationId, a tag and its error responses in the one error shape', () => {
    const ops = operationsOf(document);
    expect(new Set(ops.map(({ operation }) => operation.operationId)).size).toBe(ops.length);
    for (const { key, operation } of ops) {
      expect(operation.tags?.length, key).toBe(1);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) < 400) continue;
        expect((response as oas31.ResponseObject).content?.['application/json']?.schema, `${key} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
  });

  it('documents the security each route enforces: a session everywhere but sign-in, the webhooks and the docs', async () => {
    for (const { key, path, operation } of operationsOf(document)) {
      const [method] = key.split(' ') as [string];
      const res = await app.request(path.replace(/\{\w+\}/g, randomUUID()), { method });
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      if (schemes.includes('bearerAuth')) {
        expect(res.status, key).toBe(401);
        expect(operation.responses?.['401'], key).toBeDefined();
      } else {
        expect(res.status, key).not.toBe(401);
        expect(schemes, key).toEqual(path.startsWith('/api/inbound') ? ['twilioSignature'] : []);
      }
    }
  });
});

interface TCall {
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/** The documented operation of `METHOD /api/path/{param}`. */
function operationOf(key: string): oas31.OperationObject {
  const [method, path] = key.split(' ') as [string, string];
  const operation = document.paths?.[path]?.[method.toLowerCase() as (typeof METHODS)[number]];
  if (!operation) throw new Error(`${key} is not documented`);
  return operation;
}

/**
 * Calls a documented operation (`METHOD /api/path/{id}`, with `params` filled in) and checks
 * the answer against its entry: a documented status; for a JSON answer, the documented
 * schema of that status, closed to fields it does not name; errors in the one error shape.
 */
async function call(key: string, params: Record<string, string> = {}, options: TCall = {}) {
  const operation = operationOf(key.replace(/\?.*$/, ''));
  const url = key.split(' ')[1]!.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await app.request(url, {
    method: key.split(' ')[0]!,
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await res.text();
  const response = operation.responses?.[String(res.status)] as oas31.ResponseObject | undefined;
  expect(response, `${key} answered ${res.status}, not a documented status: ${text}`).toBeDefined();
  const body = conformingBody(response!, res.status, res.headers.get('content-type'), text, key);
  return { status: res.status, headers: res.headers, body };
}

function conformingBody(
  response: oas31.ResponseObject,
  status: number,
  contentType: string | null,
  text: string,
  key: string,
): unknown {
  if (status === 204) {
    expect(text, key).toBe('');
    return undefined;
  }
  const mediaType = contentType?.split(';')[0]?.trim() ?? '';
  const media = response.content?.[mediaType];
  expect(
    media,
    `${key} ${status}: documented media types ${Object.keys(response.content ?? {}).join(', ')}, got ${mediaType}`,
  ).toBeDefined();
  if (mediaType !== 'application/json') return text;
  const body = JSON.parse(text) as unknown;
  expectMatches(media!.schema, body, `${key} ${status}`);
  return body;
}

describe('documented answers match real ones', () => {
  let token: string;
  let workspaceId: string;
  let journeyId: string;
  let runId: string;
  let templateId: string;
  const phone = `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

  beforeAll(async () => {
    const email = `${uniqueName('openapi')}@example.com`;
    const registered = await call(
      'POST /api/auth/register',
      {},
      { json: { email, password: 'correct-horse-battery', name: 'Docs' } },
    );
    await call('POST /api/auth/login', {}, { json: { email, password: 'correct-horse-battery' } });
    ({ token } = registered.body as { token: string });
    workspaceId = (registered.body as { user: { workspaceId: string } }).user.workspaceId;
  });

  it('auth, me and the one error shape', async () => {
    await call('GET /api/me', {}, { token });
    await call('GET /api/config', {}, { token });
    expect((await call('GET /api/me')).status).toBe(401);
    expect((await call('POST /api/auth/logout')).status).toBe(204);
    expect(
      (await call('POST /api/auth/login', {}, { json: { email: 'nobody@example.com', password: 'wrong-password' } }))
        .status,
    ).toBe(401);
    expect((await call('POST /api/journeys', {}, { token, json: {} })).status).toBe(400);
  });

  it('journeys and launching', async () => {
    const created = await call('POST /api/journeys', {}, { token, json: surveyJourney() });
    journeyId = (created.body as { journey: { id: string } }).journey.id;
    await call('POST /api/journeys', {}, { token, json: { name: 'Draft', nodes: [{ id: 'x' }] } });
    await call('GET /api/journeys', {}, { token });
    await call('GET /api/journeys/{id}', { id: journeyId }, { token });
    await call('PUT /api/journeys/{id}', { id: journeyId }, { token, json: { name: 'Renamed survey' } });
    await call(
      'PUT /api/journeys/{id}',
      { id: journeyId },
      { token, json: { goal: { kind: 'event', event: 'order.paid', window: 'P7D' } } },
    );
    expect((await call('GET /api/journeys/{id}', { id: randomUUID() }, { token })).status).toBe(404);
    const audience = { contacts: [{ phone, vars: { firstName: 'Ada' } }, { phone: 'nope' }] };
    const preview = await call(
      'POST /api/journeys/{id}/launch?dryRun=true',
      { id: journeyId },
      { token, json: audience },
    );
    expect(preview.status).toBe(200);
    const launched = await call('POST /api/journeys/{id}/launch', { id: journeyId }, { token, json: audience });
    expect(launched.status).toBe(202);
    ({ runId } = launched.body as { runId: string });
    const versions = await call('GET /api/journeys/{id}/versions', { id: journeyId }, { token });
    // Each save without problems that changed it kept a version (the rename, the goal); the launch took the newest.
    expect((versions.body as { items: { version: number }[] }).items.map((v) => v.version)).toEqual([2, 1]);
    expect((await call('GET /api/journeys/{id}/versions?cursor=x', { id: journeyId }, { token })).status).toBe(400);
  });

  it('runs, their contacts, messages and exports', async () => {
    const contact = await db.contact.findFirstOrThrow({ where: { runId } });
    // A contact on its way, as the workflow records it, so history and timestamps are not empty.
    const at = new Date().toISOString();
    await db.contact.update({
      where: { id: contact.id },
      data: {
        state: 'waiting_reply',
        cursor: 'reply',
        startedAt: new Date(at),
        visited: ['ask', 'reply', 'start'],
        history: [
          { at, kind: 'visit', nodeId: 'start' },
          { at, kind: 'sent', nodeId: 'ask', messageSid: `SM${'a'.repeat(32)}`, attempts: 1 },
          { at, kind: 'visit', nodeId: 'reply' },
        ],
      },
    });
    await db.messageLog.create({
      data: {
        workspaceId,
        idempotencyKey: uniqueName('key'),
        runId,
        contactId: contact.id,
        nodeId: 'ask',
        phone,
        channel: 'sms',
        body: 'Hi Ada',
        twilioSid: `SM${randomUUID().replaceAll('-', '')}`,
        status: 'failed',
        errorCode: 30003,
        error: 'Unreachable',
        attempts: 2,
        sentAt: new Date(),
      },
    });
    await call('GET /api/runs', {}, { token });
    await call('GET /api/runs/{id}', { id: runId }, { token });
    await call('GET /api/runs/{id}/contacts', { id: runId }, { token });
    const detail = await call(
      'GET /api/runs/{id}/contacts/{contactId}',
      { id: runId, contactId: contact.id },
      { token },
    );
    expect((detail.body as { messages: unknown[] }).messages).toHaveLength(1);
    expect(
      (await call('GET /api/runs/{id}/contacts/{contactId}', { id: runId, contactId: randomUUID() }, { token })).status,
    ).toBe(404);
    await call('GET /api/runs/{id}/graph', { id: runId }, { token });
    const event = { phone, name: 'order.paid', id: uniqueName('order') };
    expect((await call('POST /api/events', {}, { token, json: event })).body).toMatchObject({ conversions: 1 });
    expect((await call('POST /api/events', {}, { token, json: event })).status).toBe(200);
    expect((await call('POST /api/events', {}, { token, json: { ...event, name: 'order.refunded' } })).status).toBe(
      409,
    );
    expect((await call('POST /api/events', {}, { token, json: { ...event, phone: '12' } })).status).toBe(400);
    const analytics = await call('GET /api/runs/{id}/analytics', { id: runId }, { token });
    expect(analytics.body).toMatchObject({ contacts: 1, converted: 1 });
    expect((await call('GET /api/runs/{id}/analytics', { id: randomUUID() }, { token })).status).toBe(404);
    const options = await call(`GET /api/reply-options?phone=${encodeURIComponent(phone)}`, {}, { token });
    expect((options.body as { items: { until: string | null }[] }).items).toEqual([
      expect.objectContaining({ until: expect.any(String) }),
    ]);
    expect((await call('GET /api/reply-options?phone=nope', {}, { token })).status).toBe(400);
    await call('GET /api/messages', {}, { token });
    await call('GET /api/messages.csv', {}, { token });
    await call('GET /api/runs/{id}/contacts.csv', { id: runId }, { token });
    const plan = await call('POST /api/runs/{id}/migrate', { id: runId }, { token, json: { dryRun: true } });
    expect(plan.body).toMatchObject({ dryRun: true, version: 2, moved: 0, current: 1 });
    expect((await call('POST /api/runs/{id}/migrate', { id: runId }, { token, json: { dryRun: 1 } })).status).toBe(400);
    await call('POST /api/runs/{id}/stop', { id: runId }, { token });
    expect((await call('POST /api/runs/{id}/migrate', { id: runId }, { token, json: {} })).status).toBe(409);
  });

  it('campaigns', async () => {
    const created = await call(
      'POST /api/campaigns',
      {},
      {
        token,
        json: {
          name: 'Promo',
          message: { channel: 'sms', body: 'Hi {{firstName}}' },
          contacts: [{ phone, vars: { firstName: 'Ada' } }],
        },
      },
    );
    const { campaignId } = created.body as { campaignId: string };
    await call('GET /api/campaigns', {}, { token });
    await call('GET /api/campaigns/{id}', { id: campaignId }, { token });
    await call('POST /api/campaigns/{id}/stop', { id: campaignId }, { token });
  });

  it('templates and their checks', async () => {
    await call(
      'POST /api/templates/validate',
      {},
      { token, json: { content: 'Your code is {{code}}', category: 'authentication' } },
    );
    const created = await call(
      'POST /api/templates',
      {},
      { token, json: { name: 'welcome', content: 'Hello {{firstName}}', category: 'utility' } },
    );
    templateId = (created.body as { template: { id: string } }).template.id;
    await call('POST /api/templates/{id}/validate', { id: templateId }, { token });
    await call('GET /api/templates/{id}', { id: templateId }, { token });
    await call('GET /api/templates', {}, { token });
    await call(
      'PUT /api/templates/{id}',
      { id: templateId },
      { token, json: { content: 'Hello again {{firstName}}' } },
    );
    expect((await call('DELETE /api/templates/{id}', { id: templateId }, { token })).status).toBe(204);
    // No Twilio client here: the content route says Twilio cannot be asked; a malformed sid is refused first.
    const sid = `HX${'0'.repeat(32)}`;
    expect((await call('GET /api/content/{sid}', { sid }, { token })).status).toBe(502);
    expect((await call('GET /api/content/{sid}', { sid: 'HX1' }, { token })).status).toBe(400);
  });

  it('the workspace', async () => {
    await call(
      'PUT /api/workspace/send-policy',
      {},
      {
        token,
        json: { sendWindow: { start: '09:00', end: '20:00' }, timeZone: 'Europe/London', frequencyCap: { max: 3 } },
      },
    );
    await call('PUT /api/workspace/senders', {}, { token, json: { sms: phone } });
    const added = await call(
      'POST /api/workspace/senders',
      {},
      { token, json: { channel: 'whatsapp', address: `whatsapp:${phone}`, ratePerSec: 100 } },
    );
    const senderId = (added.body as { sender: { id: string } }).sender.id;
    await call('GET /api/workspace/senders', {}, { token });
    await call('PATCH /api/workspace/senders/{id}', { id: senderId }, { token, json: { ratePerSec: null } });
    expect((await call('DELETE /api/workspace/senders/{id}', { id: senderId }, { token })).status).toBe(204);
    await call('GET /api/workspace', {}, { token });
    // The run was stopped, but no worker runs here to end its contact: the delete waits for it.
    expect((await call('DELETE /api/journeys/{id}', { id: journeyId }, { token })).status).toBe(409);
    await db.contact.updateMany({ where: { runId }, data: { state: 'stopped', endedAt: new Date() } });
    expect((await call('DELETE /api/journeys/{id}', { id: journeyId }, { token })).status).toBe(204);
  });

  it("the webhooks refuse a request without Twilio's signature", async () => {
    expect(
      (await call('POST /api/inbound', {}, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }))
        .status,
    ).toBe(403);
    expect(
      (await call('POST /api/inbound/status', {}, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }))
        .status,
    ).toBe(403);
  });
});

describe('GET /api/docs', () => {
  it('is public, and loads only files this server serves, without a session, under a strict CSP', async () => {
    const res = await call('GET /api/docs');
    const html = res.body as string;
    // No inline script or style: everything the page runs comes from a file of ours.
    expect(html).not.toMatch(/<script>|<style|\son\w+=/i);
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThanOrEqual(3);
    for (const reference of references) {
      expect(reference, 'a path on this server').toMatch(/^\/api\/docs\/[\w.-]+$/);
      const file = await app.request(reference);
      expect(file.status, reference).toBe(200);
      expect(file.headers.get('content-type'), reference).toMatch(/^text\/(css|javascript)/);
      const content = await file.text();
      expect(content.length, reference).toBeGreaterThan(0);
      if (reference.endsWith('start.js')) expect(content).toContain('"/api/openapi.json"');
    }
    expect((await app.request('/api/docs/nothing-here.js')).status).toBe(404);

    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ').sort()).toEqual(
      [
        "base-uri 'none'",
        "connect-src 'self'",
        "default-src 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
        "img-src 'self' data:",
        "script-src 'self'",
        "style-src 'self'",
      ].sort(),
    );
    // The app-wide headers still apply.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
