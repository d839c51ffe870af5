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

  it('reports a dependency that hangs as not ready, by name, within the timeout, and logs why', async () => {
    const logged: string[] = [];
    const res = await createApp({
      logger: createLogger('test', 'info', { write: (line: string) => void logged.push(line) }),
      readinessChecks: [
        { name: 'postgres', check: async () => 1 },
        { name: 'temporal', check: () => new Promise(() => undefined) },
      ],
      readinessTimeoutMs: 50,
    }).request('/readyz');
    const body = (await res.json()) as {
      error: { details: { failing: string[] } };
      dependencies: Record<string, { ok: boolean; latencyMs: number; error?: string }>;
    };
    expect(res.status).toBe(503);
    expect(body.error.details.failing).toEqual(['temporal']);
    // The answer says which; the reason (which may name internal hosts) is in the log only.
    expect(body.dependencies.temporal).toEqual({ ok: false, latencyMs: expect.any(Number) });
    expect(body.dependencies.postgres?.ok).toBe(true);
    expect(logged.join('\n')).toContain('temporal did not answer within 50 ms');
  });

  it('sets secure headers', async () => {
    const res = await app([]).request('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
