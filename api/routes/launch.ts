import type { Client } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { journeyVariables, validateJourney } from '../../core/journey/validate.js';
import { parseCsvAudience, parseJsonAudience, type TAudience } from '../../server/audience/index.js';
import type { TConfig } from '../../server/config.js';
import type { Db } from '../../server/db.js';
import { launchJourney } from '../../server/launch/launch-journey.js';
import { AppError } from '../app-error.js';
import type { AppEnv } from '../env.js';
import { loadJourney } from './journeys.js';

export const ZJsonLaunch = z.object({
  contacts: z.array(z.unknown()).describe('`[{ phone, vars? }]`: vars maps names to strings, numbers or booleans. A bad row is rejected with a reason, not the whole body.'),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional(),
});
export const ZLaunchFormFields = z.object({
  phoneColumn: z.string().min(1).max(100).optional(),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional(),
});

interface AudienceOptions {
  maxRows: number;
  requiredVariables: readonly string[];
  excludedPhones: ReadonlySet<string>;
}

/**
 * `POST /api/journeys/:id/launch`: the audience as JSON `{ contacts: [{ phone, vars }] }`,
 * as a CSV upload (multipart field `file`) or as a `text/csv` body. Answers 202 at once
 * with the run id and every rejected row; the contacts start in the background.
 */
export function launchRoutes(deps: { config: TConfig; db: Db; temporal: Client }) {
  return new Hono<AppEnv>().post(
    '/:id/launch',
    bodyLimit({
      maxSize: deps.config.MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `The request body is larger than ${deps.config.MAX_BODY_BYTES} bytes.`, { maxBytes: deps.config.MAX_BODY_BYTES });
      },
    }),
    async (c) => {
      const { workspaceId, userId } = c.get('auth');
      const row = await loadJourney(deps.db, workspaceId, c.req.param('id'));
      const checked = validateJourney({ name: row.name, nodes: row.nodes, edges: row.edges, sendPolicy: row.sendPolicy });
      if (!checked.ok) throw new AppError('invalid_input', 'The journey has problems; fix them before launching.', checked.problems);

      const optOuts = await deps.db.optOut.findMany({ where: { workspaceId }, select: { phone: true } });
      const audience = await readAudience(c, {
        maxRows: deps.config.MAX_AUDIENCE_ROWS,
        requiredVariables: journeyVariables(checked.journey),
        excludedPhones: new Set(optOuts.map((o) => o.phone)),
      });
      if (audience.accepted.length === 0) {
        throw new AppError('invalid_input', 'No contact in the audience can be launched.', { rejected: audience.rejected });
      }
      const { runId, version } = await launchJourney(
        { db: deps.db, temporal: deps.temporal, logger: c.get('logger'), taskQueue: deps.config.TEMPORAL_TASK_QUEUE, batchSize: deps.config.LAUNCH_BATCH_SIZE },
        { workspaceId, userId, journeyId: row.id, journey: checked.journey, contacts: audience.accepted },
      );
      return c.json({ runId, version, accepted: audience.accepted.length, rejected: audience.rejected }, 202);
    },
  );
}

async function readAudience(c: Context<AppEnv>, options: AudienceOptions): Promise<TAudience> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const body = ZJsonLaunch.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new AppError('invalid_input', 'Expected { contacts: [{ phone, vars }] }.', body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return parseJsonAudience(body.data.contacts, { ...options, ...(body.data.defaultCountry ? { defaultCountry: body.data.defaultCountry } : {}) });
  }
  if (type === 'multipart/form-data') {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw new AppError('invalid_input', 'Attach the CSV as the multipart field "file".', [{ path: 'file', message: 'required' }]);
    const fields = ZLaunchFormFields.safeParse({ phoneColumn: form.phoneColumn || undefined, defaultCountry: form.defaultCountry || undefined });
    if (!fields.success) throw new AppError('invalid_input', 'Invalid form fields.', fields.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return parseCsvAudience(await file.text(), { ...options, ...stripUndefined(fields.data) });
  }
  if (type === 'text/csv') return parseCsvAudience(await c.req.text(), options);
  throw new AppError('unsupported_media_type', 'Send the audience as application/json, text/csv or multipart/form-data.');
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
