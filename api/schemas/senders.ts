import { z } from 'zod';
import { MAX_SENDER_RATE, SENDER_KINDS } from '../../core/senders/sender-rate.js';

const ZSenderKind = z.enum(SENDER_KINDS);

const ZRate = z.number().positive().max(MAX_SENDER_RATE);

/** A sender for the pool: a number (`+1...`, `whatsapp:+1...`, a short code) or a Messaging Service sid. */
export const ZNewSender = z
  .object({
    channel: z.enum(['sms', 'whatsapp']),
    address: z.string().trim().min(3).max(64),
    kind: ZSenderKind.optional().describe(
      'Defaults from the address: short code, WhatsApp, Messaging Service, else long code.',
    ),
    ratePerSec: ZRate.nullable()
      .optional()
      .describe("Segments (WhatsApp: messages) per second; absent or null: the kind's published figure."),
  })
  .strict();

export const ZUpdateSender = z
  .object({ kind: ZSenderKind.optional(), ratePerSec: ZRate.nullable().optional() })
  .strict()
  .refine(
    (body) => body.kind !== undefined || body.ratePerSec !== undefined,
    'nothing to update: send kind or ratePerSec',
  );

export const ZSender = z
  .object({
    id: z.uuid(),
    channel: z.enum(['sms', 'whatsapp']),
    address: z.string(),
    kind: ZSenderKind,
    ratePerSec: z
      .number()
      .describe('The rate in force: its own, else its kind’s (segments, or WhatsApp messages, per second).'),
    customRate: z.number().nullable(),
    defaultRate: z
      .number()
      .nullable()
      .describe("Twilio's published figure for its kind; null for a Messaging Service."),
    createdAt: z.string(),
    queued: z.object({ messages: z.number().int(), segments: z.number().int() }).optional(),
    drainSeconds: z.number().optional().describe('How long the sends waiting for it take to go at its rate.'),
    rateFactor: z
      .number()
      .optional()
      .describe("Below 1 while Twilio's back-pressure (21611, 20429) has lowered its rate."),
    admitted: z.number().optional(),
    backPressureEvents: z.number().optional(),
  })
  .meta({ id: 'Sender' });

export const ZSenderBody = z.object({ sender: ZSender });
export const ZSenderList = z.object({ senders: z.array(ZSender) });
