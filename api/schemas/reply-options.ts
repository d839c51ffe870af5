import { z } from 'zod';
import { REPLY_MATCHES } from '../../core/journey/schema.js';
import type { TReplyOption } from '../../features/runs/find-reply-options.js';
import { ZPhoneQuery, ZTimestamp, ZUuid } from './common.js';

export const ZReplyOptionsQuery = z.object({ phone: ZPhoneQuery.describe('The phone, E.164; send `+` as `%2B`.') });

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
          value: z.string().optional().describe('Absent for `any`; for `intent`, what a reply with that intent means.'),
        }),
      )
      .describe(
        'In the order the node tries them (`intent` branches after all the others, by the AI model). `payload` and `equals` branches make good answer buttons.',
      ),
  })
  .meta({ id: 'ReplyOption' }) satisfies z.ZodType<TReplyOption>;

export const ZReplyOptions = z.object({ items: z.array(ZReplyOption) });
