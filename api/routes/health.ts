import { Hono } from 'hono';
import { checkReadiness, type DependencyCheck } from '../../infra/readiness.js';
import type { AppEnv } from '../env.js';

/**
 * `/healthz`: the process is up. `/readyz`: every dependency answers; otherwise 503 naming
 * the ones that do not, so a load balancer stops sending traffic until they are back.
 */
export function healthRoutes(checks: readonly DependencyCheck[], timeoutMs: number) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const readiness = await checkReadiness(checks, timeoutMs);
      // Whoever can reach the port reads this answer: why a dependency failed (its error
      // names internal hosts and ports) goes to the log, the answer says only which.
      const dependencies = Object.fromEntries(
        Object.entries(readiness.dependencies).map(([name, { ok, latencyMs }]) => [name, { ok, latencyMs }]),
      );
      if (readiness.ok) return c.json({ status: 'ready', dependencies });
      const failing = Object.entries(readiness.dependencies)
        .filter(([, s]) => !s.ok)
        .map(([name]) => name);
      c.get('logger').warn({ failing, dependencies: readiness.dependencies }, 'not ready');
      return c.json(
        {
          status: 'not_ready',
          error: { code: 'not_ready', message: `Not ready: ${failing.join(', ')} unavailable.`, details: { failing } },
          dependencies,
        },
        503,
      );
    });
}
