import { describe, expect, it } from 'vitest';
import { createLogger } from '../infra/logger.js';
import { createApp } from './app.js';

const logger = createLogger('test', 'silent');

function app(checks: { name: string; check: () => Promise<unknown> }[]) {
  return createApp({ logger, readinessChecks: checks, readinessTimeoutMs: 50 });
}

describe('api app', () => {
  it('answers unknown routes in the one error shape, with a request id', async () => {
    const res = await app([]).request('/nope', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nope.' } });
  });

  it('replaces an unsafe request id with its own', async () => {
    const res = await app([]).request('/healthz', { headers: { 'X-Request-Id': 'bad id; with spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a dependency that hangs as not ready, by name, within the timeout', async () => {
    const res = await app([
      { name: 'postgres', check: async () => 1 },
      { name: 'temporal', check: () => new Promise(() => undefined) },
    ]).request('/readyz');
    const body = (await res.json()) as {
      error: { details: { failing: string[] } };
      dependencies: Record<string, { ok: boolean; error?: string }>;
    };
    expect(res.status).toBe(503);
    expect(body.error.details.failing).toEqual(['temporal']);
    expect(body.dependencies.temporal?.error).toBe('temporal did not answer within 50 ms');
    expect(body.dependencies.postgres?.ok).toBe(true);
  });

  it('sets secure headers', async () => {
    const res = await app([]).request('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
