import { MAX_VARIABLE_LENGTH, MAX_VARIABLES } from '../../core/journey/constants.js';
import { z } from 'zod';
import type { TCampaignCounts } from '../../features/campaigns/campaign-counts.js';
import { CampaignStatus, Channel } from '../../infra/db.js';
import { ZMessageData } from '../../core/journey/node-schemas.js';
import { pageQuery, ZAudienceRejection, ZCsvFile, ZDisplayName, ZTimestamp, ZUuid } from './common.js';

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
  name: ZDisplayName,
  message: ZCampaignMessage,
  contacts: z
    .array(z.unknown())
    .describe(
      `\`[{ phone, vars? }]\`: vars maps names to strings, numbers or booleans. A bad row is rejected with a reason, not the whole body; past ${MAX_VARIABLES} variables in one contact or ${MAX_VARIABLE_LENGTH} characters in one value, the body is refused (400).`,
    ),
  defaultCountry: ZCountry.optional(),
});
export const ZFormCampaign = z.object({
  name: ZDisplayName,
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
/** The multipart body as documented: the form fields and the CSV file. */
export const ZCampaignForm = ZFormCampaign.extend({ file: ZCsvFile });
export const ZCampaignListQuery = pageQuery(200, z.uuid());

const counts = {
  sent: z.int().describe('Messages Twilio accepted.'),
  delivered: z.int(),
  failed: z.int().describe('Refused by Twilio, or undelivered.'),
  suppressed: z.int().describe('Held back: opted out, stopped, or skipped by the frequency cap.'),
};

export const ZCampaign = z
  .object({
    id: ZUuid,
    workspaceId: ZUuid,
    userId: ZUuid,
    name: z.string(),
    channel: z.enum(Channel),
    body: z.string().nullable(),
    contentSid: z.string().nullable(),
    contentVariables: z.record(z.string(), z.string()).nullable(),
    status: z.enum(CampaignStatus),
    total: z.int(),
    ...counts,
    // A list's page reads live counts too (features/campaigns/list-campaigns.ts), pending among them.
    pending: z
      .int()
      .optional()
      .describe('Recorded, not yet answered by Twilio; absent while the campaign has recorded no message.'),
    startedAt: ZTimestamp.nullable(),
    endedAt: ZTimestamp.nullable(),
    error: z.string().nullable(),
    createdAt: ZTimestamp,
  })
  .meta({
    id: 'Campaign',
    description: "Counts are live, from the message logs, once it has any; until then the row's own.",
  });

/** The live counts campaignCounts derives from the message logs. */
const ZCampaignCounts = z.object({
  ...counts,
  pending: z.int().describe('Recorded, not yet answered by Twilio.'),
}) satisfies z.ZodType<TCampaignCounts>;

export const ZCampaignDetail = ZCampaign.extend({
  ...ZCampaignCounts.shape,
  temporalUiUrl: z.string().describe("Temporal UI, filtered to this campaign's workflow."),
}).meta({ id: 'CampaignDetail', description: 'Counts are live, from the message logs.' });

export const ZCampaignAccepted = z.object({
  campaignId: ZUuid,
  accepted: z.int(),
  rejected: z.array(ZAudienceRejection),
});
