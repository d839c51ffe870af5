import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { parseTwilioAddress } from '../../core/phone.js';
import type { TConfig } from '../../infra/config.js';
import type { Db } from '../../infra/db.js';
import { receiveInbound } from '../../features/inbound/receive-inbound.js';
import { DELIVERY_STATUSES, recordDeliveryStatus } from '../../outbound/record-delivery-status.js';
import { isValidTwilioSignature } from '../../infra/twilio.js';
import type { Client } from '@temporalio/client';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';

/** The fields of Twilio's inbound message webhook we use; Twilio sends many more. */
export const ZTwilioInbound = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-zA-Z]{32}$/, 'a Twilio message sid'),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().max(5000).optional(),
  ButtonPayload: z.string().max(1000).optional(),
});

export const ZTwilioStatus = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-zA-Z]{32}$/, 'a Twilio message sid'),
  MessageStatus: z.enum(DELIVERY_STATUSES),
  ErrorCode: z.coerce.number().int().optional(),
});

/**
 * The form parameters of a Twilio webhook, once its X-Twilio-Signature has been checked
 * against the endpoint's public URL (PUBLIC_URL, so it holds behind a proxy) and query.
 */
async function verifiedTwilioParams(
  c: Context<AppEnv>,
  config: TConfig,
  path: string,
): Promise<Record<string, string>> {
  const form = await c.req.parseBody();
  const params = Object.fromEntries(
    Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const signedUrl = `${config.PUBLIC_URL.replace(/\/+$/, '')}${path}${new URL(c.req.url).search}`;
  if (!isValidTwilioSignature(config.TWILIO_AUTH_TOKEN, c.req.header('x-twilio-signature'), signedUrl, params)) {
    throw new AppError('invalid_signature', 'X-Twilio-Signature is missing or does not match this request.');
  }
  return params;
}

function invalidWebhook(message: string, error: z.ZodError): AppError {
  return new AppError(
    'invalid_input',
    message,
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/**
 * Twilio's inbound webhook. The signature is checked against the endpoint's public URL
 * (PUBLIC_URL, so it holds behind a proxy), then the reply is stored and signalled. The
 * answer is empty TwiML: replies are sent by journeys, not by this webhook.
 */
export function inboundRoutes(deps: { config: TConfig; db: Db; temporal: Client }) {
  return (
    new Hono<AppEnv>()
      .post('/', async (c) => {
        const params = await verifiedTwilioParams(c, deps.config, '/api/inbound');
        const parsed = ZTwilioInbound.safeParse(params);
        if (!parsed.success) throw invalidWebhook('Not a Twilio inbound message.', parsed.error);
        const from = parseTwilioAddress(parsed.data.From);
        if (!from)
          throw new AppError('invalid_input', 'From is not a phone number.', [
            { path: 'From', message: 'expected +E164 or whatsapp:+E164' },
          ]);
        const body = parsed.data.Body?.trim() ? parsed.data.Body : undefined;
        const outcome = await receiveInbound(
          { db: deps.db, temporal: deps.temporal, logger: c.get('logger') },
          {
            messageSid: parsed.data.MessageSid,
            from: from.e164,
            to: parsed.data.To,
            channel: from.channel,
            ...(body !== undefined ? { body } : {}),
            ...(parsed.data.ButtonPayload ? { payload: parsed.data.ButtonPayload } : {}),
          },
        );
        c.get('logger').info({ messageSid: parsed.data.MessageSid, ...outcome }, 'inbound message');
        return c.body('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', 200, {
          'Content-Type': 'text/xml',
        });
      })
      /** Twilio's status callback: moves the MessageLog row forward, never back. */
      .post('/status', async (c) => {
        const params = await verifiedTwilioParams(c, deps.config, '/api/inbound/status');
        const parsed = ZTwilioStatus.safeParse(params);
        if (!parsed.success) throw invalidWebhook('Not a Twilio status callback.', parsed.error);
        const key = c.req.query('key');
        const found = await recordDeliveryStatus(deps.db, {
          messageSid: parsed.data.MessageSid,
          status: parsed.data.MessageStatus,
          ...(parsed.data.ErrorCode !== undefined ? { errorCode: parsed.data.ErrorCode } : {}),
          ...(key ? { key } : {}),
        });
        // Acknowledged either way: an unknown sid will not become known by Twilio retrying.
        if (!found)
          c.get('logger').warn({ messageSid: parsed.data.MessageSid }, 'status callback for an unknown message');
        return c.body(null, 204);
      })
  );
}
