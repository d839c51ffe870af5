import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { BUILTIN_VARIABLES } from '../../core/journey/constants.js';
import { ZMessageData } from '../../core/journey/node-schemas.js';
import { templateVariables } from '../../core/render.js';
import { parseCsvAudience, parseJsonAudience, type TAudience } from '../../features/audience/index.js';
import { campaignCounts, campaignCountsMany } from '../../features/campaigns/campaign-counts.js';
import { createCampaign, stopCampaign } from '../../features/campaigns/create-campaign.js';
import { optedOutPhones } from '../../features/consent/opt-outs.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { ownedId } from '../owned-id.js';

/** Recipients the campaign workflow sends to at once (one batch). */
const CAMPAIGN_BATCH_SIZE = 100;

const ZName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\0]*$/, 'must not contain NUL characters');
const ZCountry = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code, e.g. "US"');
/** The message: the same rules as a journey's message node (body with {{variables}}, or a WhatsApp template). */
const ZCampaignMessage = ZMessageData.transform(({ channel, ...rest }) => ({
  channel,
  ...('body' in rest && rest.body !== undefined ? { body: rest.body } : {}),
  ...('contentSid' in rest && rest.contentSid !== undefined
    ? { contentSid: rest.contentSid, contentVariables: rest.contentVariables }
    : {}),
}));
export const ZJsonCampaign = z.object({
  name: ZName,
  message: ZCampaignMessage,
  contacts: z
    .array(z.unknown())
    .describe(
      '`[{ phone, vars? }]`: vars maps names to strings, numbers or booleans. A bad row is rejected with a reason, not the whole body.',
    ),
  defaultCountry: ZCountry.optional(),
});
export const ZFormCampaign = z.object({
  name: ZName,
  message: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON: { "channel": "sms", "body": "..." }' });
        return z.NEVER;
      }
    })
    .pipe(ZCampaignMessage),
  phoneColumn: z.string().min(1).max(100).optional(),
  defaultCountry: ZCountry.optional(),
});
export const ZCampaignListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});

type TCampaignMessage = z.infer<typeof ZCampaignMessage>;

const NOT_FOUND = 'No such campaign.';
const issuesOf = (error: z.ZodError) => error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

/** Variables every recipient must have for the message to render. */
function requiredVariables(message: TCampaignMessage): string[] {
  const texts = message.body !== undefined ? [message.body] : Object.values(message.contentVariables ?? {});
  const names = new Set(texts.flatMap((text) => templateVariables(text)));
  for (const builtin of BUILTIN_VARIABLES) names.delete(builtin);
  return [...names].sort();
}

/**
 * `/campaigns`: one message to a list, sent by a Temporal workflow through the same queue,
 * rate limit, retries, send policy, opt-outs and idempotency as journeys.
 * `POST /` takes JSON `{ name, message, contacts: [{ phone, vars }] }` or multipart with
 * `name`, `message` (JSON) and a CSV `file`; opted-out and invalid rows come back rejected.
 */
export function campaignRoutes({ config, db, temporal }: ApiServices) {
  const limit = bodyLimit({
    maxSize: config.MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${config.MAX_BODY_BYTES} bytes.`, {
        maxBytes: config.MAX_BODY_BYTES,
      });
    },
  });
  return new Hono<AppEnv>()
    .post('/', limit, async (c) => {
      const { workspaceId, userId } = c.get('auth');
      const excludedPhones = await optedOutPhones(db, workspaceId);
      const { name, message, audience } = await readCampaign(c, { maxRows: config.MAX_AUDIENCE_ROWS, excludedPhones });
      if (audience.accepted.length === 0)
        throw new AppError('invalid_input', 'No recipient in the list can be sent to.', {
          rejected: audience.rejected,
        });
      const campaignId = await createCampaign(
        { db, temporal, logger: c.get('logger'), taskQueue: config.TEMPORAL_TASK_QUEUE },
        { workspaceId, userId, name, message, recipients: audience.accepted, batchSize: CAMPAIGN_BATCH_SIZE },
      );
      return c.json({ campaignId, accepted: audience.accepted.length, rejected: audience.rejected }, 202);
    })
    .get('/', validate('query', ZCampaignListQuery), async (c) => {
      const { limit: take, cursor } = c.req.valid('query');
      const rows = await db.campaign.findMany({
        where: { workspaceId: c.get('auth').workspaceId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: take + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, take);
      // Live counts, as on the detail: the row's own stop at the campaign's last progress snapshot.
      const counts = await campaignCountsMany(
        db,
        page.map((row) => row.id),
      );
      return c.json({
        items: page.map((row) => ({ ...row, ...counts.get(row.id) })),
        nextCursor: rows.length > take ? rows[take - 1]?.id : null,
      });
    })
    .get('/:id', async (c) => {
      const campaign = await db.campaign.findFirst({
        where: { id: ownedId(c.req.param('id'), NOT_FOUND), workspaceId: c.get('auth').workspaceId },
      });
      if (!campaign) throw new AppError('not_found', NOT_FOUND);
      // Live counts from the message logs; the row's own are the last progress snapshot.
      const counts = await campaignCounts(db, campaign.id);
      return c.json({
        ...campaign,
        ...counts,
        temporalUiUrl: `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows?query=${encodeURIComponent(`CampaignId="${campaign.id}"`)}`,
      });
    })
    .post('/:id/stop', async (c) => {
      const stopped = await stopCampaign(
        { db, temporal },
        c.get('auth').workspaceId,
        ownedId(c.req.param('id'), NOT_FOUND),
        `stopped by ${c.get('auth').email}`,
      );
      if (!stopped) throw new AppError('not_found', NOT_FOUND);
      return c.json({ status: 'stopping' }, 202);
    });
}

async function readCampaign(
  c: Context<AppEnv>,
  options: { maxRows: number; excludedPhones: ReadonlySet<string> },
): Promise<{ name: string; message: TCampaignMessage; audience: TAudience }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const body = ZJsonCampaign.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      throw new AppError(
        'invalid_input',
        'Expected { name, message: { channel, body } or { channel, contentSid, contentVariables }, contacts: [{ phone, vars }] }.',
        issuesOf(body.error),
      );
    const { name, message, contacts, defaultCountry } = body.data;
    const audience = parseJsonAudience(contacts, {
      ...options,
      requiredVariables: requiredVariables(message),
      ...(defaultCountry ? { defaultCountry } : {}),
    });
    return { name, message, audience };
  }
  if (type === 'multipart/form-data') {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new AppError('invalid_input', 'Attach the CSV as the multipart field "file".', [
        { path: 'file', message: 'required' },
      ]);
    const fields = ZFormCampaign.safeParse({
      name: form.name,
      message: form.message,
      phoneColumn: form.phoneColumn || undefined,
      defaultCountry: form.defaultCountry || undefined,
    });
    if (!fields.success) throw new AppError('invalid_input', 'Invalid form fields.', issuesOf(fields.error));
    const { name, message, phoneColumn, defaultCountry } = fields.data;
    const audience = parseCsvAudience(await file.text(), {
      ...options,
      requiredVariables: requiredVariables(message),
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
