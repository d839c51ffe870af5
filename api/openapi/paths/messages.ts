import { z } from 'zod';
import { Channel, MessageStatus } from '../../../infra/db.js';
import { ZMessageQuery } from '../../routes/messages.js';
import { page, ZTimestamp, ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

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
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
    sentAt: ZTimestamp.nullable(),
  })
  .meta({
    id: 'Message',
    description: 'An outbound message (MessageLog row); template variables are left out: they may carry personal data.',
  });

export const MESSAGE_OPERATIONS: readonly TApiOperation[] = [
  {
    method: 'get',
    path: '/api/messages',
    operationId: 'listMessages',
    tag: 'Messages',
    summary: "List the workspace's outbound messages",
    description:
      "Newest first. `status` takes a comma-separated list or repeats; `phone` is E.164 (send `+` as `%2B`); `from` (inclusive) and `to` (exclusive) are ISO instants on `createdAt`. 404 for a `runId` or `campaignId` that is not the workspace's.",
    security: 'bearer',
    request: { query: ZMessageQuery },
    success: { status: 200, description: 'One page.', content: { 'application/json': page(ZMessage) } },
    errors: [400, 404],
  },
];
