import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppMetrics } from '../../infra/metrics.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';

const BEARER = /^Bearer +(\S+) *$/i;

/** Compares digests, so the time taken says nothing about how much of the token matched. */
function isSameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `GET /metrics`: the Prometheus text exposition. Outside /api and its sessions, since
 * scrapers have none; with `token` (METRICS_TOKEN) set it needs `Authorization: Bearer <token>`.
 */
export function metricsRoutes(metrics: AppMetrics, token: string | undefined) {
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    if (token !== undefined) {
      const given = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !isSameSecret(given, token)) {
        c.header('WWW-Authenticate', 'Bearer');
        throw new AppError('unauthenticated', 'Authentication required: the metrics token.');
      }
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await metrics.render(), 200, { 'Content-Type': metrics.registry.contentType });
  });
}
