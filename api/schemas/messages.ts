import { z } from 'zod';
import { Channel, MessageStatus } from '../../infra/db.js';
import { decodeMessageCursor } from '../../features/messages/message-cursor.js';
import { pageQuery, ZPhoneQuery, ZTimestamp, ZUuid } from './common.js';

const ZCursor = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const cursor = decodeMessageCursor(value);
    if (cursor === undefined)
      ctx.addIssue({ code: 'custom', message: 'malformed cursor: pass nextCursor back unchanged' });
    return cursor ?? z.NEVER;
  });

// `status=failed,undelivered`, `status=failed&status=undelivered`, or both mixed.
const ZStatuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [...new Set([value].flat().flatMap((part) => part.split(',')))])
  .pipe(z.array(z.enum(MessageStatus)).min(1));

const ZInstant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** `from` (inclusive) must come before `to` (exclusive). */
function isOrdered(query: { from?: Date | undefined; to?: Date | undefined }): boolean {
  return query.from === undefined || query.to === undefined || query.from < query.to;
}
const ORDER_PROBLEM = { path: ['from'], message: '`from` must be earlier than `to` (from is inclusive, to exclusive)' };

/** The filters of GET /api/messages, and of its CSV export (every matching row, no paging). */
const messageFilters = {
  runId: z.uuid().optional(),
  campaignId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  phone: ZPhoneQuery.optional().describe('Exact E.164 number; send `+` as `%2B`.'),
  status: ZStatuses.optional().describe(`Comma-separated or repeated: ${Object.values(MessageStatus).join(', ')}.`),
  channel: z.enum(Channel).optional(),
  from: ZInstant.optional().describe('Created at or after this instant.'),
  to: ZInstant.optional().describe('Created before this instant.'),
};

export const ZMessageExportQuery = z.object(messageFilters).refine(isOrdered, ORDER_PROBLEM);

export const ZMessageQuery = z
  .object({
    ...messageFilters,
    ...pageQuery(200, ZCursor.describe('`nextCursor` of the previous page, unchanged.')).shape,
  })
  .refine(isOrdered, ORDER_PROBLEM);

export const ZMessage = z
  .object({
    id: ZUuid,
    idempotencyKey: z
      .string()
      .describe('One per send (contact workflow, node, visit): a retried send is never sent twice.'),
    runId: ZUuid.nullable(),
    contactId: ZUuid.nullable(),
    campaignId: ZUuid.nullable(),
    nodeId: z.string().nullable(),
    phone: z.string().describe('E.164.'),
    channel: z.enum(Channel),
    body: z.string().nullable(),
    contentSid: z.string().nullable(),
    twilioSid: z.string().nullable(),
    status: z.enum(MessageStatus),
    errorCode: z.int().nullable().describe("Twilio's error code of the last failure."),
    error: z.string().nullable(),
    attempts: z.int().describe('Requests made to Twilio.'),
    isTest: z.boolean().describe('A send of a test run: a real message, left out of frequency caps and metrics.'),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
    sentAt: ZTimestamp.nullable(),
  })
  .meta({
    id: 'Message',
    description: 'An outbound message (MessageLog row); template variables are left out: they may carry personal data.',
  });
