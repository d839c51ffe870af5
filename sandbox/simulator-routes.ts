import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { callerOf, sandboxErrorResponse, type SandboxCaller, type WorkspaceOf } from './caller.js';
import { countSegments } from '../core/segments.js';
import type { SandboxButton } from './content.js';
import { API_VERSION, type SandboxMessageRow } from './message-resource.js';
import { addressFor, bareAddress, channelOf, E164_PATTERN, repairPlus, type Channel } from './phone.js';
import { postSignedForm } from './signed-post.js';
import { createMessageSid } from './sids.js';
import type { SandboxStore, WorkspaceScope } from './store.js';

export interface SimulatorDeps {
  store: SandboxStore;
  logger: Logger;
  accountSid: string;
  authToken: string;
  /** Where inbound messages are delivered: `${publicUrl}/api/inbound`. */
  inboundUrl: string;
  /** Sandbox sender per channel when nothing was sent to the phone yet. */
  senders: Record<Channel, string>;
  webhookTimeoutMs: number;
  /** A signed-in user's workspace (the API's session); without it only the operator gets in. */
  workspaceOf?: WorkspaceOf | undefined;
}

const ZChannel = z.enum(['whatsapp', 'sms']);

/** `+E164`, or `whatsapp:+E164`; a `+` decoded to a space by the query string is restored. */
export const ZAddress = z
  .string()
  .max(64)
  .transform(repairPlus)
  .refine((value) => E164_PATTERN.test(bareAddress(value)), { message: 'expected an E.164 number like +15551234567' });

const ZMessagesQuery = z.object({
  to: ZAddress,
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

const ZPhonesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const ZReply = z
  .object({
    from: ZAddress,
    body: z.string().min(1).max(1600).optional(),
    payload: z.string().min(1).max(1024).optional(),
    channel: ZChannel.optional(),
    /** Which of our numbers the reply goes to; by default the one that last wrote to the phone. */
    to: ZAddress.optional(),
    profileName: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((reply) => reply.body !== undefined || reply.payload !== undefined, {
    message: 'body or payload is required',
    path: ['body'],
  });

function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
): Response {
  return c.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);
}

function invalidInput(c: Context, error: z.ZodError): Response {
  return apiError(c, 400, 'invalid_input', z.prettifyError(error), z.flattenError(error));
}

function parseContentVariables(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A message as the phone simulator shows it. */
export function toSimulatorMessage(row: SandboxMessageRow) {
  return {
    sid: row.sid,
    direction: row.direction,
    to: row.to,
    from: row.from,
    channel: channelOf(row.direction === 'inbound' ? row.from : row.to),
    body: row.body,
    contentSid: row.contentSid,
    contentVariables: parseContentVariables(row.contentVariables),
    /** Quick-reply buttons of its content (`[{ id, title }]`): tapping one replies with its id as ButtonPayload. */
    buttons: (row.buttons ?? null) as SandboxButton[] | null,
    status: row.status,
    errorCode: row.errorCode,
    dateCreated: row.dateCreated.toISOString(),
  };
}

/**
 * The form Twilio POSTs for an incoming message. WhatsApp adds ProfileName, WaId and
 * MessageType, and quick-reply buttons carry ButtonPayload/ButtonText (WhatsApp only;
 * an SMS reply with a payload sends it as the Body).
 */
export function inboundParams(
  row: SandboxMessageRow,
  channel: Channel,
  reply: { payload?: string | undefined; profileName?: string | undefined },
): Record<string, string> {
  const body = row.body ?? '';
  const params: Record<string, string> = {
    MessageSid: row.sid,
    SmsMessageSid: row.sid,
    SmsSid: row.sid,
    AccountSid: row.accountSid,
    From: row.from,
    To: row.to,
    Body: body,
    NumMedia: '0',
    NumSegments: String(countSegments(body, channel)),
    SmsStatus: 'received',
    ApiVersion: API_VERSION,
  };
  if (channel === 'whatsapp') {
    params.ProfileName = reply.profileName ?? 'Sandbox User';
    params.WaId = bareAddress(row.from).slice(1);
    params.MessageType = reply.payload === undefined ? 'text' : 'button';
    params.ReferralNumMedia = '0';
    if (reply.payload !== undefined) {
      params.ButtonPayload = reply.payload;
      params.ButtonText = body;
    }
  }
  return params;
}

/** The simulator's routes know who calls (set by their first middleware). */
interface SimulatorEnv {
  Variables: { caller: SandboxCaller };
}

function noConversation(phone: string): AppError {
  return new AppError('not_found', `Your workspace has not messaged ${phone}.`);
}

/**
 * JSON routes behind the phone simulator: conversations, phones, and replying as a phone.
 * A signed-in user sees only their workspace's phones and conversations (WorkspaceScope)
 * and replies only as a phone their workspace messaged, to a number it sends from: no
 * one reads another tenant's messages or sends a STOP in its name. The operator (the
 * account credentials) sees all, as before.
 */
export function createSimulatorRoutes(deps: SimulatorDeps): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  // Per path, not '*': these routes are mounted beside the Twilio API and control routes.
  for (const path of ['/messages', '/phones', '/reply']) {
    routes.use(path, async (c, next) => {
      c.set('caller', await callerOf(c, deps));
      await next();
    });
  }

  const scopeOf = async (caller: SandboxCaller): Promise<WorkspaceScope | undefined> => {
    if (caller.kind === 'operator') return undefined;
    const senders = await deps.store.sendersOf(caller.workspaceId, deps.senders);
    return { workspaceId: caller.workspaceId, senders: Object.values(senders) };
  };

  routes.get('/messages', async (c) => {
    const parsed = ZMessagesQuery.safeParse(c.req.query());
    if (!parsed.success) return invalidInput(c, parsed.error);
    const phone = bareAddress(parsed.data.to);
    const scope = await scopeOf(c.get('caller'));
    const rows = scope
      ? await deps.store.scopedConversation(phone, scope, parsed.data.limit)
      : await deps.store.conversation(phone, parsed.data.limit);
    return c.json({ messages: rows.map(toSimulatorMessage) });
  });

  routes.get('/phones', async (c) => {
    const parsed = ZPhonesQuery.safeParse(c.req.query());
    if (!parsed.success) return invalidInput(c, parsed.error);
    const scope = await scopeOf(c.get('caller'));
    const phones = scope
      ? await deps.store.scopedPhones(scope, parsed.data.limit)
      : await deps.store.phones(parsed.data.limit);
    return c.json({
      phones: phones.map(({ phone, messageCount, last }) => ({
        phone,
        messageCount,
        lastMessage: toSimulatorMessage(last),
      })),
    });
  });

  routes.post('/reply', async (c) => {
    const json: unknown = await c.req.json().catch(() => undefined);
    if (json === undefined) return apiError(c, 400, 'invalid_input', 'Request body must be JSON');
    const parsed = ZReply.safeParse(json);
    if (!parsed.success) return invalidInput(c, parsed.error);
    const reply = parsed.data;
    const phone = bareAddress(reply.from);
    const named: Channel | undefined = reply.channel ?? (reply.from === phone ? undefined : 'whatsapp');
    const caller = c.get('caller');
    let channel: Channel;
    let to: string;
    if (caller.kind === 'workspace') {
      const lastChannel = await deps.store.lastChannelOf(phone, caller.workspaceId);
      if (!lastChannel) throw noConversation(phone);
      channel = named ?? lastChannel;
      const own = (await deps.store.sendersOf(caller.workspaceId, deps.senders))[channel];
      to = reply.to ? addressFor(bareAddress(reply.to), channel) : own;
      if (to !== own)
        throw new AppError('forbidden', `Your workspace sends ${channel} from ${own}, not ${to}.`, { field: 'to' });
    } else {
      const lastAny = named ? null : await deps.store.lastOutboundTo(phone);
      channel = named ?? (lastAny ? channelOf(lastAny.to) : 'whatsapp');
      const lastOnChannel = lastAny ?? (await deps.store.lastOutboundTo(phone, channel));
      to = reply.to ? addressFor(bareAddress(reply.to), channel) : (lastOnChannel?.from ?? deps.senders[channel]);
    }
    const now = new Date();
    const row = await deps.store.insert({
      sid: createMessageSid(now.getTime()),
      accountSid: deps.accountSid,
      direction: 'inbound',
      to,
      from: addressFor(phone, channel),
      body: reply.body ?? reply.payload ?? '',
      numMedia: 0,
      status: 'received',
      dateCreated: now,
      dateSent: now,
      dateUpdated: now,
    });
    const params = inboundParams(row, channel, reply);
    try {
      const webhookStatus = await postSignedForm(deps.inboundUrl, params, {
        authToken: deps.authToken,
        timeoutMs: deps.webhookTimeoutMs,
      });
      deps.logger.debug({ sid: row.sid, webhookStatus }, 'sandbox inbound webhook answered');
      return c.json({ sid: row.sid, webhookStatus }, 202);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ sid: row.sid, url: deps.inboundUrl, reason }, 'sandbox inbound webhook unreachable');
      return apiError(
        c,
        502,
        'webhook_unreachable',
        `Inbound webhook ${deps.inboundUrl} could not be reached: ${reason}`,
        {
          sid: row.sid,
          url: deps.inboundUrl,
        },
      );
    }
  });

  routes.onError((error, c) => {
    if (!(error instanceof AppError)) deps.logger.error({ err: error, path: c.req.path }, 'sandbox simulator error');
    return sandboxErrorResponse(c, error);
  });

  return routes;
}
