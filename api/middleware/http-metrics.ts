import { createMiddleware } from 'hono/factory';
import type { Histogram } from 'prom-client';
import type { AppEnv } from '../env.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Observes every request's duration by method, route pattern and status. The route is
 * Hono's pattern (`/api/journeys/:id`, `*` for what no route matched), never the raw path,
 * so the number of series stays bounded whatever paths clients send.
 */
export function httpMetrics(histogram: Histogram<'method' | 'route' | 'status'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    histogram.observe(
      { method, route: c.req.routePath, status: String(c.res.status) },
      (performance.now() - started) / 1000,
    );
  });
}
