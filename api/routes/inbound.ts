import type { Context } from 'hono';
import { z } from 'zod';
import { parseTwilioAddress } from '../../core/phone.js';
import { receiveInbound } from '../../features/inbound/receive-inbound.js';
import { AppError } from '../../infra/app-error.js';
import { readFormBody } from '../../infra/form-body.js';
import type { TConfig } from '../../infra/config.js';
import { isValidTwilioSignature } from '../../infra/twilio.js';
import { invalidInput } from '../../infra/zod-issues.js';
import { recordDeliveryStatus } from '../../outbound/record-delivery-status.js';
import type { ApiServices } from '../app.js';
import type { AppEnv } from '../env.js';
import { handReadBody } from '../openapi/hand-read-body.js';
import { createApiRoute } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { EMPTY_TWIML, ZStatusCallbackQuery, ZTwilioInbound, ZTwilioStatus } from '../schemas/inbound.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * The form parameters of a Twilio webhook, once its X-Twilio-Signature has been checked
 * against the endpoint's public URL (PUBLIC_URL, so it holds behind a proxy) and query.
 */
async function verifiedTwilioParams(
  c: Context<AppEnv>,
  config: TConfig,
  path: string,
): Promise<Record<string, string>> {
  const form = await readFormBody(c);
  const params = Object.fromEntries(
    Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const signedUrl = `${config.PUBLIC_URL.replace(/\/+$/, '')}${path}${new URL(c.req.url).search}`;
  if (!isValidTwilioSignature(config.TWILIO_AUTH_TOKEN, c.req.header('x-twilio-signature'), signedUrl, params)) {
    throw new AppError('invalid_signature', 'X-Twilio-Signature is missing or does not match this request.');
  }
  return params;
}

const base = { tag: 'Webhooks', access: 'twilio' } as const;

/**
 * Twilio's webhooks. Their forms are read by hand (handReadBody): the signature is checked
 * over the raw parameters first, so an unsigned request is 403 whatever its fields.
 */
export function inboundRoutes({ config, db, temporal }: ApiServices) {
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'receiveInbound',
        summary: "Twilio's inbound message webhook",
        description:
          'Configure it as the number\'s "A message comes in" URL. Twilio sends more fields than these; only these are read. STOP/UNSUBSCRIBE/START keywords update the opt-out list of the workspaces that wrote to that phone from that number; the reply is signalled to their contacts of that phone on that channel (on a shared number, only workspaces that wrote within the last 24 hours). Answers 200 once the reply is stored: a reply that cannot be signalled yet (Temporal away) is retried by the reply outbox. Idempotent on MessageSid. Not rate limited.',
        request: { body: handReadBody({ [FORM]: ZTwilioInbound }) },
        responses: {
          200: {
            description: 'Empty TwiML: replies are sent by journeys, not by this webhook.',
            content: { 'text/xml': { schema: z.string().meta({ example: EMPTY_TWIML }) } },
          },
        },
        errors: [400, 403],
      }),
      async (c) => {
        const params = await verifiedTwilioParams(c, config, '/api/inbound');
        const parsed = ZTwilioInbound.safeParse(params);
        if (!parsed.success) throw invalidInput('Not a Twilio inbound message.', parsed.error);
        const from = parseTwilioAddress(parsed.data.From);
        if (!from)
          throw new AppError('invalid_input', 'From is not a phone number.', [
            { path: 'From', message: 'expected +E164 or whatsapp:+E164' },
          ]);
        const body = parsed.data.Body?.trim() ? parsed.data.Body : undefined;
        const outcome = await receiveInbound(
          { db, temporal, logger: c.get('logger') },
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
        // 200 even when signalling failed (outcome.pending): the reply is stored and the reply
        // outbox signals it. A 500 would not help: by default Twilio retries a webhook only when
        // it cannot connect, so it would just call the fallback URL and log error 11200.
        return c.body(EMPTY_TWIML, 200, { 'Content-Type': 'text/xml' });
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/status',
        operationId: 'receiveDeliveryStatus',
        summary: "Twilio's status callback",
        description:
          'Moves the message forward through queued, sent, delivered, read, failed, undelivered or canceled, never back (accepted and scheduled count as queued). An unknown MessageSid is acknowledged too. Not rate limited.',
        request: { query: ZStatusCallbackQuery, body: handReadBody({ [FORM]: ZTwilioStatus }) },
        responses: { 204: { description: 'Recorded.' } },
        errors: [400, 403],
      }),
      async (c) => {
        const params = await verifiedTwilioParams(c, config, '/api/inbound/status');
        const parsed = ZTwilioStatus.safeParse(params);
        if (!parsed.success) throw invalidInput('Not a Twilio status callback.', parsed.error);
        const { key } = c.req.valid('query');
        const found = await recordDeliveryStatus(db, {
          messageSid: parsed.data.MessageSid,
          status: parsed.data.MessageStatus,
          ...(parsed.data.ErrorCode !== undefined ? { errorCode: parsed.data.ErrorCode } : {}),
          ...(key ? { key } : {}),
        });
        // Acknowledged either way: an unknown sid will not become known by Twilio retrying.
        if (!found)
          c.get('logger').warn({ messageSid: parsed.data.MessageSid }, 'status callback for an unknown message');
        return c.body(null, 204);
      },
    );
}
