import type { Context } from 'hono';
import { z } from 'zod';
import { parseCsvAudience, parseJsonAudience, type TAudience } from '../../features/audience/index.js';
import { loadJourney } from '../../features/journeys/load-journey.js';
import { forecastLaunch } from '../../features/launch/forecast-launch.js';
import { launchJourney } from '../../features/launch/launch-journey.js';
import { planLaunch, type TAudienceRules } from '../../features/launch/plan-launch.js';
import { hasIntentClassifier } from '../../features/reply-intent/index.js';
import { AppError } from '../../infra/app-error.js';
import { invalidInput } from '../../infra/zod-issues.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { handReadBody } from '../openapi/hand-read-body.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { mediaTypeOf } from '../../infra/form-body.js';
import { readCsvUpload } from './read-upload.js';
import { ZJourneyIdParam } from '../schemas/journeys.js';
import {
  ZJsonLaunch,
  ZLaunchAccepted,
  ZLaunchForm,
  ZLaunchFormFields,
  ZLaunchPreview,
  ZLaunchQuery,
} from '../schemas/launch.js';

/**
 * `POST /api/journeys/:id/launch`: the audience as JSON `{ contacts: [{ phone, vars }] }`,
 * as a CSV upload (multipart field `file`) or as a `text/csv` body. Answers 202 at once
 * with the run id and every rejected row; the contacts start in the background. With
 * `?dryRun=true` it answers 200 with the same counts and rejections and creates nothing;
 * its refusals (journey problems, no launchable contact, bad body) are the launch's own.
 */
export function launchRoutes({ config, db, temporal }: ApiServices) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Journeys',
      access: 'session',
      method: 'post',
      path: '/{id}/launch',
      operationId: 'launchJourney',
      summary: 'Launch a journey against an audience',
      description:
        'The audience as JSON, a CSV upload (multipart field `file`) or a `text/csv` body. Answers at once; contacts start in the background. Opted-out and invalid rows come back in `rejected`. ' +
        'With `?dryRun=true`, the same checks answer 200 with what the launch would accept and a `forecast` of what it will send (messages, per channel, SMS segments, time to send the first wave, WhatsApp sends outside the 24-hour window, opted-out rows), and nothing is created or started; a dry run is refused exactly when the launch would be (400 for journey problems, or when no contact can be launched, with `details.rejected`). A journey with intent reply branches is refused with the problem `intent_unavailable` when no AI model is configured (OPENAI_API_KEY).',
      request: {
        params: ZJourneyIdParam,
        query: ZLaunchQuery,
        // Read by readAudience after the journey is loaded: a missing journey is a 404 whatever the body.
        body: handReadBody({
          'application/json': ZJsonLaunch,
          'multipart/form-data': ZLaunchForm,
          'text/csv': z.string(),
        }),
      },
      responses: {
        200: json(ZLaunchPreview, '`dryRun=true`: what the launch would do; nothing was created.'),
        202: json(ZLaunchAccepted, 'The run was created.'),
      },
      errors: [400, 404, 415],
    }),
    async (c) => {
      const { workspaceId, userId } = c.get('auth');
      const row = await loadJourney(db, workspaceId, c.req.valid('param').id);
      const { journey, audience } = await planLaunch(
        db,
        {
          workspaceId,
          journey: row,
          maxRows: config.MAX_AUDIENCE_ROWS,
          hasIntentClassifier: hasIntentClassifier(config),
        },
        (rules) => readAudience(c, rules),
      );
      const { accepted, rejected } = audience;
      if (c.req.valid('query').dryRun === 'true') {
        const forecast = await forecastLaunch(db, {
          workspaceId,
          journey,
          audience,
          ratePerSec: config.MESSAGE_RATE_PER_SEC,
          nowMs: Date.now(),
          defaultWhatsAppFrom: config.TWILIO_WHATSAPP_FROM,
        });
        return c.json(
          {
            dryRun: true as const,
            total: accepted.length + rejected.length,
            accepted: accepted.length,
            rejected,
            forecast,
          },
          200,
        );
      }
      const { runId, version } = await launchJourney(
        {
          db,
          temporal,
          logger: c.get('logger'),
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          batchSize: config.LAUNCH_BATCH_SIZE,
          weights: config.FAIR_SHARE_WEIGHTS,
        },
        { workspaceId, userId, journeyId: row.id, journey, contacts: accepted },
      );
      return c.json({ runId, version, accepted: accepted.length, rejected }, 202);
    },
  );
}

/** Reads the audience in whichever of the three media types it came. */
async function readAudience(c: Context<AppEnv>, options: TAudienceRules): Promise<TAudience> {
  const type = mediaTypeOf(c);
  if (type === 'application/json') {
    const body = ZJsonLaunch.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw invalidInput('Expected { contacts: [{ phone, vars }] }.', body.error);
    return parseJsonAudience(body.data.contacts, {
      ...options,
      ...(body.data.defaultCountry ? { defaultCountry: body.data.defaultCountry } : {}),
    });
  }
  if (type === 'multipart/form-data') {
    const { form, file } = await readCsvUpload(c);
    const fields = ZLaunchFormFields.safeParse({
      phoneColumn: form.phoneColumn || undefined,
      defaultCountry: form.defaultCountry || undefined,
    });
    if (!fields.success) throw invalidInput('Invalid form fields.', fields.error);
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
