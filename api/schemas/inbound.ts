import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../outbound/record-delivery-status.js';

const ZMessageSid = z.string().regex(/^(SM|MM)[0-9a-zA-Z]{32}$/, 'a Twilio message sid');

/** The fields of Twilio's inbound message webhook we use; Twilio sends many more. */
export const ZTwilioInbound = z.object({
  MessageSid: ZMessageSid,
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().max(5000).optional(),
  ButtonPayload: z.string().max(1000).optional(),
});

export const ZTwilioStatus = z.object({
  MessageSid: ZMessageSid,
  MessageStatus: z.enum(DELIVERY_STATUSES),
  ErrorCode: z.coerce.number().int().optional(),
});

export const ZStatusCallbackQuery = z.object({
  key: z
    .string()
    .optional()
    .describe(
      'Our idempotency key, added to the callback URL when sending: finds a message whose sid was never saved.',
    ),
});

/** Empty TwiML: replies are sent by journeys, not by the webhook's answer. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
