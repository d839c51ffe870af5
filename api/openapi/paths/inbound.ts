import { z } from 'zod';
import { ZTwilioInbound, ZTwilioStatus } from '../../routes/inbound.js';
import type { TApiOperation } from '../operation.js';

const FORM = 'application/x-www-form-urlencoded';
const base = { tag: 'Webhooks', security: 'twilio' } as const;

export const INBOUND_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'post',
    path: '/api/inbound',
    operationId: 'receiveInbound',
    summary: "Twilio's inbound message webhook",
    description:
      'Configure it as the number\'s "A message comes in" URL. Twilio sends more fields than these; only these are read. STOP/UNSUBSCRIBE/START keywords update the opt-out list; every contact of that phone waiting for a reply is signalled. Idempotent on MessageSid. Not rate limited.',
    request: { body: { [FORM]: ZTwilioInbound } },
    success: {
      status: 200,
      description: 'Empty TwiML: replies are sent by journeys, not by this webhook.',
      content: {
        'text/xml': z.string().meta({ example: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' }),
      },
    },
    errors: [400, 403],
  },
  {
    ...base,
    method: 'post',
    path: '/api/inbound/status',
    operationId: 'receiveDeliveryStatus',
    summary: "Twilio's status callback",
    description:
      'Moves the message forward through queued, sent, delivered, read, failed, undelivered, never back. An unknown MessageSid is acknowledged too. Not rate limited.',
    request: {
      query: z.object({
        key: z
          .string()
          .optional()
          .describe(
            'Our idempotency key, added to the callback URL when sending: finds a message whose sid was never saved.',
          ),
      }),
      body: { [FORM]: ZTwilioStatus },
    },
    success: { status: 204, description: 'Recorded.' },
    errors: [400, 403],
  },
];
