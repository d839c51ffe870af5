import { z } from 'zod';
import type { TCampaignCounts } from '../../../features/campaigns/campaign-counts.js';
import { CampaignStatus, Channel } from '../../../infra/db.js';
import { ZCampaignListQuery, ZFormCampaign, ZJsonCampaign } from '../../routes/campaigns.js';
import { page, ZAudienceRejection, ZCsvFile, ZPathId, ZStopping, ZTimestamp, ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

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
    startedAt: ZTimestamp.nullable(),
    endedAt: ZTimestamp.nullable(),
    error: z.string().nullable(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Campaign', description: 'In lists, the counts are the last progress snapshot.' });

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

const base = { tag: 'Campaigns', security: 'bearer' } as const;

export const CAMPAIGN_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'post',
    path: '/api/campaigns',
    operationId: 'createCampaign',
    summary: 'Send one message to a list',
    description:
      'JSON, or multipart with `name`, `message` (JSON text) and a CSV `file`. Sent by a Temporal workflow through the same queue, rate limit, retries, send policy and opt-outs as journeys.',
    request: {
      body: { 'application/json': ZJsonCampaign, 'multipart/form-data': ZFormCampaign.extend({ file: ZCsvFile }) },
    },
    success: {
      status: 202,
      description: 'The campaign was created.',
      content: { 'application/json': ZCampaignAccepted },
    },
    errors: [400, 415],
  },
  {
    ...base,
    method: 'get',
    path: '/api/campaigns',
    operationId: 'listCampaigns',
    summary: 'List campaigns',
    description: 'Newest first.',
    request: { query: ZCampaignListQuery },
    success: { status: 200, description: 'One page.', content: { 'application/json': page(ZCampaign) } },
    errors: [400],
  },
  {
    ...base,
    method: 'get',
    path: '/api/campaigns/{id}',
    operationId: 'getCampaign',
    summary: 'Get a campaign with live counts',
    request: { path: ZPathId },
    success: { status: 200, description: 'The campaign.', content: { 'application/json': ZCampaignDetail } },
    errors: [404],
  },
  {
    ...base,
    method: 'post',
    path: '/api/campaigns/{id}/stop',
    operationId: 'stopCampaign',
    summary: 'Stop a campaign',
    request: { path: ZPathId },
    success: { status: 202, description: 'Stopping in the background.', content: { 'application/json': ZStopping } },
    errors: [404],
  },
];
