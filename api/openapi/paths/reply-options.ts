import { z } from 'zod';
import { REPLY_MATCHES } from '../../../core/journey/schema.js';
import type { TReplyOption } from '../../../features/runs/find-reply-options.js';
import { ZReplyOptionsQuery } from '../../routes/reply-options.js';
import { ZTimestamp, ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

const ZReplyOption = z
  .object({
    runId: ZUuid,
    contactId: ZUuid,
    journeyName: z.string(),
    nodeId: z.string().describe('The waitForReply node the contact waits at.'),
    until: ZTimestamp.nullable().describe('When the wait times out; null only if the path does not show the visit.'),
    branches: z
      .array(
        z.object({
          id: z.string(),
          match: z.enum(REPLY_MATCHES),
          value: z.string().optional().describe('Absent for `any`.'),
        }),
      )
      .describe('In the order the node tries them. `payload` and `equals` branches make good answer buttons.'),
  })
  .meta({ id: 'ReplyOption' }) satisfies z.ZodType<TReplyOption>;

export const REPLY_OPTION_OPERATIONS: readonly TApiOperation[] = [
  {
    method: 'get',
    path: '/api/reply-options',
    operationId: 'listReplyOptions',
    tag: 'Runs',
    summary: 'What a phone could answer now',
    description:
      "The workspace's contacts with this phone that wait for a reply now (most recently moved first), each with its node's branches: the phone simulator's answer buttons.",
    security: 'bearer',
    request: { query: ZReplyOptionsQuery },
    success: {
      status: 200,
      description: 'Every waiting contact of the phone; empty when none waits.',
      content: { 'application/json': z.object({ items: z.array(ZReplyOption) }) },
    },
    errors: [400],
  },
];
