import type { Context } from 'hono';
import { parseCsvAudience, parseJsonAudience } from '../../features/audience/index.js';
import { campaignVariables } from '../../features/campaigns/campaign-variables.js';
import { createCampaign } from '../../features/campaigns/create-campaign.js';
import { getCampaign } from '../../features/campaigns/get-campaign.js';
import { listCampaigns } from '../../features/campaigns/list-campaigns.js';
import { planCampaign, type TCampaignPlan, type TRecipientRules } from '../../features/campaigns/plan-campaign.js';
import { stopCampaign } from '../../features/campaigns/stop-campaign.js';
import { AppError } from '../../infra/app-error.js';
import { temporalUiOf } from '../../infra/temporal-ui.js';
import { invalidInput } from '../../infra/zod-issues.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { handReadBody } from '../openapi/hand-read-body.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { mediaTypeOf } from '../../infra/form-body.js';
import { readCsvUpload } from './read-upload.js';
import {
  ZCampaign,
  ZCampaignAccepted,
  ZCampaignDetail,
  ZCampaignForm,
  ZCampaignListQuery,
  ZFormCampaign,
  ZJsonCampaign,
} from '../schemas/campaigns.js';
import { page, ZPathId, ZStopping } from '../schemas/common.js';

/** Recipients the campaign workflow sends to at once (one batch). */
const CAMPAIGN_BATCH_SIZE = 100;

const base = { tag: 'Campaigns', access: 'session' } as const;

/**
 * `/campaigns`: one message to a list, sent by a Temporal workflow through the same queue,
 * rate limit, retries, send policy, opt-outs and idempotency as journeys.
 * `POST /` takes JSON `{ name, message, contacts: [{ phone, vars }] }` or multipart with
 * `name`, `message` (JSON) and a CSV `file`; opted-out and invalid rows come back rejected.
 */
export function campaignRoutes({ config, db, temporal }: ApiServices) {
  const ui = temporalUiOf(config);
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'createCampaign',
        summary: 'Send one message to a list',
        description:
          'JSON, or multipart with `name`, `message` (JSON text) and a CSV `file`. Sent by a Temporal workflow through the same queue, rate limit, retries, send policy and opt-outs as journeys.',
        // Read by readCampaign under the workspace's opt-outs, which planCampaign loads first.
        request: { body: handReadBody({ 'application/json': ZJsonCampaign, 'multipart/form-data': ZCampaignForm }) },
        responses: { 202: json(ZCampaignAccepted, 'The campaign was created.') },
        errors: [400, 415],
      }),
      async (c) => {
        const { workspaceId, userId } = c.get('auth');
        const { name, message, audience } = await planCampaign(
          db,
          { workspaceId, maxRows: config.MAX_AUDIENCE_ROWS },
          (rules) => readCampaign(c, rules),
        );
        const campaignId = await createCampaign(
          {
            db,
            temporal,
            logger: c.get('logger'),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            weights: config.FAIR_SHARE_WEIGHTS,
          },
          { workspaceId, userId, name, message, recipients: audience.accepted, batchSize: CAMPAIGN_BATCH_SIZE },
        );
        return c.json({ campaignId, accepted: audience.accepted.length, rejected: audience.rejected }, 202);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listCampaigns',
        summary: 'List campaigns',
        description: 'Newest first.',
        request: { query: ZCampaignListQuery },
        responses: { 200: json(page(ZCampaign), 'One page.') },
        errors: [400],
      }),
      async (c) => c.json(await listCampaigns(db, c.get('auth').workspaceId, c.req.valid('query')), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}',
        operationId: 'getCampaign',
        summary: 'Get a campaign with live counts',
        request: { params: ZPathId },
        responses: { 200: json(ZCampaignDetail, 'The campaign.') },
        errors: [404],
      }),
      async (c) => c.json(await getCampaign({ db, ui }, c.get('auth').workspaceId, c.req.valid('param').id), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/{id}/stop',
        operationId: 'stopCampaign',
        summary: 'Stop a campaign',
        request: { params: ZPathId },
        responses: { 202: json(ZStopping, 'Stopping in the background.') },
        errors: [404],
      }),
      async (c) => {
        const { workspaceId, email } = c.get('auth');
        await stopCampaign({ db, temporal }, workspaceId, c.req.valid('param').id, `stopped by ${email}`);
        return c.json({ status: 'stopping' as const }, 202);
      },
    );
}

/** Reads the campaign as JSON, or as multipart with the message as JSON text and a CSV file. */
async function readCampaign(c: Context<AppEnv>, rules: TRecipientRules): Promise<TCampaignPlan> {
  const type = mediaTypeOf(c);
  if (type === 'application/json') {
    const body = ZJsonCampaign.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      throw invalidInput(
        'Expected { name, message: { channel, body } or { channel, contentSid, contentVariables }, contacts: [{ phone, vars }] }.',
        body.error,
      );
    const { name, message, contacts, defaultCountry } = body.data;
    const audience = parseJsonAudience(contacts, {
      ...rules,
      requiredVariables: campaignVariables(message),
      ...(defaultCountry ? { defaultCountry } : {}),
    });
    return { name, message, audience };
  }
  if (type === 'multipart/form-data') {
    const { form, file } = await readCsvUpload(c);
    const fields = ZFormCampaign.safeParse({
      name: form.name,
      message: form.message,
      phoneColumn: form.phoneColumn || undefined,
      defaultCountry: form.defaultCountry || undefined,
    });
    if (!fields.success) throw invalidInput('Invalid form fields.', fields.error);
    const { name, message, phoneColumn, defaultCountry } = fields.data;
    const audience = parseCsvAudience(await file.text(), {
      ...rules,
      requiredVariables: campaignVariables(message),
      ...(phoneColumn ? { phoneColumn } : {}),
      ...(defaultCountry ? { defaultCountry } : {}),
    });
    return { name, message, audience };
  }
  throw new AppError(
    'unsupported_media_type',
    'Send the campaign as application/json, or as multipart/form-data with a CSV file.',
  );
}
