import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Logger } from '../infra/logger.js';
import { AppError } from '../infra/app-error.js';
import type { AttemptLog, SandboxAttempt } from './attempt-log.js';
import { requireOperator, sandboxErrorResponse } from './caller.js';
import { ZFaultRule, type SandboxFaults } from './faults.js';
import { ZAddress } from './simulator-routes.js';
import type { SandboxStore } from './store.js';

export interface ControlDeps {
  accountSid: string;
  authToken: string;
  store: SandboxStore;
  faults: SandboxFaults;
  attempts: AttemptLog;
  logger: Logger;
}

const ZAttemptsQuery = z.object({
  to: ZAddress.optional(),
  since: z.coerce.date().optional(),
});

const ZRateQuery = z.object({
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
});

function invalidInput(c: Context, what: string, error: z.ZodError): Response {
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return sandboxErrorResponse(c, new AppError('invalid_input', `Invalid ${what}.`, details));
}

function toJson(attempt: SandboxAttempt) {
  return { ...attempt, at: attempt.at.toISOString(), answeredAt: attempt.answeredAt.toISOString() };
}

/**
 * JSON routes that drive the sandbox from tests and tools: fault rules for Messages
 * create, the log of create attempts, and the accepted-message rate. They reach every
 * workspace's sends, so they are the operator's alone (the account credentials).
 */
export function createControlRoutes(deps: ControlDeps): Hono {
  const routes = new Hono();

  for (const path of ['/faults', '/faults/*', '/attempts', '/stats/*']) {
    routes.use(path, async (c, next) => {
      requireOperator(c, deps);
      await next();
    });
  }

  routes.get('/faults', (c) => c.json({ faults: deps.faults.list() }));

  routes.post('/faults', async (c) => {
    const json: unknown = await c.req.json().catch(() => undefined);
    if (json === undefined) return sandboxErrorResponse(c, new AppError('invalid_input', 'Request body must be JSON.'));
    const parsed = ZFaultRule.safeParse(json);
    if (!parsed.success) return invalidInput(c, 'fault rule', parsed.error);
    return c.json(deps.faults.add(parsed.data), 201);
  });

  routes.delete('/faults', (c) => c.json({ cleared: deps.faults.clear() }));

  routes.delete('/faults/:id', (c) => {
    if (!deps.faults.remove(c.req.param('id')))
      return sandboxErrorResponse(c, new AppError('not_found', `No fault rule ${c.req.param('id')}.`));
    return c.body(null, 204);
  });

  routes.get('/attempts', (c) => {
    const parsed = ZAttemptsQuery.safeParse(c.req.query());
    if (!parsed.success) return invalidInput(c, 'query', parsed.error);
    const { to, since } = parsed.data;
    const attempts = deps.attempts.list({
      ...(to === undefined ? {} : { to }),
      ...(since === undefined ? {} : { since }),
    });
    return c.json({ attempts: attempts.map(toJson) });
  });

  routes.delete('/attempts', (c) => c.json({ cleared: deps.attempts.clear() }));

  routes.get('/stats/rate', async (c) => {
    const parsed = ZRateQuery.safeParse(c.req.query());
    if (!parsed.success) return invalidInput(c, 'query', parsed.error);
    const range = {
      ...(parsed.data.since ? { since: parsed.data.since } : {}),
      ...(parsed.data.until ? { until: parsed.data.until } : {}),
    };
    const [perSecond, maxInAnySecond] = await Promise.all([
      deps.store.perSecondCounts(range),
      deps.store.maxInAnySlidingSecond(range),
    ]);
    return c.json({ perSecond, maxInAnySecond });
  });

  routes.onError((error, c) => {
    if (!(error instanceof AppError)) deps.logger.error({ err: error, path: c.req.path }, 'sandbox control error');
    return sandboxErrorResponse(c, error);
  });

  return routes;
}
