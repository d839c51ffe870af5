import type { Client } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { parseCsvAudience, parseJsonAudience, type TAudience } from '../../features/audience/index.js';
import type { TConfig } from '../../infra/config.js';
import type { Db } from '../../infra/db.js';
import { launchJourney } from '../../features/launch/launch-journey.js';
import { planLaunch, type TAudienceRules } from '../../features/launch/plan-launch.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { loadJourney } from './journeys.js';

export const ZJsonLaunch = z.object({
  contacts: z
    .array(z.unknown())
    .describe(
      '`[{ phone, vars? }]`: vars maps names to strings, numbers or booleans. A bad row is rejected with a reason, not the whole body.',
    ),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
export const ZLaunchFormFields = z.object({
  phoneColumn: z.string().min(1).max(100).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});

export const ZLaunchQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      '`true`: check the journey and the audience exactly as a launch would, and answer 200 with what it would accept, creating and starting nothing.',
    ),
});

/**
 * `POST /api/journeys/:id/launch`: the audience as JSON `{ contacts: [{ phone, vars }] }`,
 * as a CSV upload (multipart field `file`) or as a `text/csv` body. Answers 202 at once
 * with the run id and every rejected row; the contacts start in the background. With
 * `?dryRun=true` it answers 200 with the same counts and rejections and creates nothing;
 * its refusals (journey problems, no launchable contact, bad body) are the launch's own.
 */
export function launchRoutes(deps: { config: TConfig; db: Db; temporal: Client }) {
  return new Hono<AppEnv>().post(
    '/:id/launch',
    bodyLimit({
      maxSize: deps.config.MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          `The request body is larger than ${deps.config.MAX_BODY_BYTES} bytes.`,
          { maxBytes: deps.config.MAX_BODY_BYTES },
        );
      },
    }),
    validate('query', ZLaunchQuery),
    async (c) => {
      const { workspaceId, userId } = c.get('auth');
      const row = await loadJourney(deps.db, workspaceId, c.req.param('id'));
      const { journey, audience } = await planLaunch(
        deps.db,
        { workspaceId, journey: row, maxRows: deps.config.MAX_AUDIENCE_ROWS },
        (rules) => readAudience(c, rules),
      );
      const { accepted, rejected } = audience;
      if (c.req.valid('query').dryRun === 'true') {
        return c.json(
          { dryRun: true as const, total: accepted.length + rejected.length, accepted: accepted.length, rejected },
          200,
        );
      }
      const { runId, version } = await launchJourney(
        {
          db: deps.db,
          temporal: deps.temporal,
          logger: c.get('logger'),
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          batchSize: deps.config.LAUNCH_BATCH_SIZE,
        },
        { workspaceId, userId, journeyId: row.id, journey, contacts: accepted },
      );
      return c.json({ runId, version, accepted: accepted.length, rejected }, 202);
    },
  );
}

async function readAudience(c: Context<AppEnv>, options: TAudienceRules): Promise<TAudience> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const body = ZJsonLaunch.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      throw new AppError(
        'invalid_input',
        'Expected { contacts: [{ phone, vars }] }.',
        body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    return parseJsonAudience(body.data.contacts, {
      ...options,
      ...(body.data.defaultCountry ? { defaultCountry: body.data.defaultCountry } : {}),
    });
  }
  if (type === 'multipart/form-data') {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new AppError('invalid_input', 'Attach the CSV as the multipart field "file".', [
        { path: 'file', message: 'required' },
      ]);
    const fields = ZLaunchFormFields.safeParse({
      phoneColumn: form.phoneColumn || undefined,
      defaultCountry: form.defaultCountry || undefined,
    });
    if (!fields.success)
      throw new AppError(
        'invalid_input',
        'Invalid form fields.',
        fields.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    return parseCsvAudience(await file.text(), { ...options, ...stripUndefined(fields.data) });
  }
  if (type === 'text/csv') return parseCsvAudience(await c.req.text(), options);
  throw new AppError(
    'unsupported_media_type',
    'Send the audience as application/json, text/csv or multipart/form-data.',
  );
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
