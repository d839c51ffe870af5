import { z } from 'zod';
import { rejectionFor } from './magic-numbers.js';
import { bareAddress, channelOf, isE164, type Channel } from './phone.js';
import { TwilioApiError, TwilioErrors } from './twilio-errors.js';

export interface CreateMessageInput {
  to: string;
  /** Undefined only when a MessagingServiceSid picks the sender. */
  from?: string;
  channel: Channel;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
  messagingServiceSid?: string;
  mediaUrls: string[];
  /** `SendAt` with `ScheduleType: fixed`: Twilio holds the message until then (status `scheduled`). */
  sendAt?: Date;
}

const MAX_BODY = 1600;
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

const single = (max: number) => z.string().max(max).optional();

/** Shape of Twilio's Messages create form; values are checked by `validateCreate`. */
const ZCreateMessageForm = z.object({
  To: single(64),
  From: single(64),
  Body: single(100_000),
  ContentSid: single(64),
  ContentVariables: single(100_000),
  StatusCallback: single(2048),
  MessagingServiceSid: single(64),
  SendAt: single(64),
  ScheduleType: single(32),
  MediaUrl: z.union([z.string().max(2048), z.array(z.string().max(2048)).max(100)]).optional(),
});

type CreateMessageForm = z.infer<typeof ZCreateMessageForm>;

const SHAPE_ERRORS: Record<string, (value: string) => TwilioApiError> = {
  To: (value) => TwilioErrors.invalidTo(value),
  From: (value) => TwilioErrors.invalidFrom(value),
  Body: () => TwilioErrors.bodyTooLong(),
  ContentSid: () => TwilioErrors.invalidContentSid(),
  ContentVariables: () => TwilioErrors.invalidContentVariables(),
  StatusCallback: () => TwilioErrors.invalidStatusCallback(),
  MessagingServiceSid: () => TwilioErrors.invalidMessagingService(),
  MediaUrl: () => TwilioErrors.invalidMediaUrl(),
};

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A status callback the sandbox will POST to: only under this app's own base URL. Twilio
 * calls any URL, but the sandbox runs inside our API process, where an arbitrary URL would
 * let whoever holds the sandbox's credentials make our server call hosts on its network.
 */
export function isOwnCallback(value: string, callbackBase: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  const base = new URL(callbackBase);
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return url.origin === base.origin && (url.pathname === base.pathname || url.pathname.startsWith(basePath));
}

function isValidSender(from: string, channel: Channel): boolean {
  if (channel === 'whatsapp') return isE164(bareAddress(from));
  return isE164(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER.test(from);
}

function isContentVariables(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((v) => typeof v === 'string' || typeof v === 'number')
    );
  } catch {
    return false;
  }
}

/** Checks in the order Twilio reports them; the first failure wins. */
function checkForm(form: CreateMessageForm, options: ValidateOptions): CreateMessageInput | TwilioApiError {
  const mediaUrls = form.MediaUrl === undefined ? [] : Array.isArray(form.MediaUrl) ? form.MediaUrl : [form.MediaUrl];
  const to = form.To?.trim();
  if (!present(to)) return TwilioErrors.toRequired();
  if (!present(form.Body) && !present(form.ContentSid) && mediaUrls.length === 0) return TwilioErrors.bodyRequired();
  const channel = channelOf(to);
  if (!isE164(bareAddress(to))) return TwilioErrors.invalidTo(to);
  const from = form.From?.trim();
  if (!present(from) && !present(form.MessagingServiceSid)) return TwilioErrors.fromRequired();
  if (present(form.MessagingServiceSid) && !MESSAGING_SERVICE_SID.test(form.MessagingServiceSid)) {
    return TwilioErrors.invalidMessagingService();
  }
  if (present(from)) {
    if (channelOf(from) !== channel) return TwilioErrors.channelNotFound();
    if (!isValidSender(from, channel)) return TwilioErrors.invalidFrom(from);
  }
  if (present(form.Body) && form.Body.length > MAX_BODY) return TwilioErrors.bodyTooLong();
  if (present(form.ContentSid) && !CONTENT_SID.test(form.ContentSid)) return TwilioErrors.invalidContentSid();
  if (present(form.ContentVariables) && !isContentVariables(form.ContentVariables))
    return TwilioErrors.invalidContentVariables();
  if (present(form.StatusCallback) && !isOwnCallback(form.StatusCallback, options.callbackBase))
    return TwilioErrors.invalidStatusCallback();
  if (mediaUrls.length > 10 || !mediaUrls.every(isHttpUrl)) return TwilioErrors.invalidMediaUrl();
  const sendAt = checkSchedule(form);
  if (sendAt instanceof TwilioApiError) return sendAt;
  const rejection = rejectionFor(bareAddress(to));
  if (rejection) return rejection;
  return {
    to,
    ...(present(from) ? { from } : {}),
    channel,
    ...(present(form.Body) ? { body: form.Body } : {}),
    ...(present(form.ContentSid) ? { contentSid: form.ContentSid } : {}),
    ...(present(form.ContentVariables) ? { contentVariables: form.ContentVariables } : {}),
    ...(present(form.StatusCallback) ? { statusCallback: form.StatusCallback } : {}),
    ...(present(form.MessagingServiceSid) ? { messagingServiceSid: form.MessagingServiceSid } : {}),
    mediaUrls,
    ...(sendAt ? { sendAt } : {}),
  };
}

/**
 * Twilio's scheduling rules: `ScheduleType` is `fixed`, with a `SendAt`, through a Messaging
 * Service. Whether SendAt is 15 minutes to 35 days ahead is checked at the request's arrival.
 */
function checkSchedule(form: CreateMessageForm): Date | undefined | TwilioApiError {
  if (!present(form.ScheduleType)) return undefined;
  if (form.ScheduleType !== 'fixed') return TwilioErrors.scheduleTypeUnsupported();
  if (!present(form.SendAt)) return TwilioErrors.sendAtMissing();
  if (!present(form.MessagingServiceSid)) return TwilioErrors.scheduleNeedsMessagingService();
  const sendAt = new Date(form.SendAt);
  return Number.isNaN(sendAt.getTime()) ? TwilioErrors.sendAtUnsupported() : sendAt;
}

export interface ValidateOptions {
  /** The app's base URL; a StatusCallback elsewhere is refused (isOwnCallback). */
  callbackBase: string;
}

/** Parses a Messages create form (as from `parseBody({ all: true })`) into input or a Twilio error. */
export function validateCreate(form: unknown, options: ValidateOptions): CreateMessageInput | TwilioApiError {
  const parsed = ZCreateMessageForm.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const raw = (form as Record<string, unknown> | null)?.[field];
    return (SHAPE_ERRORS[field] ?? (() => TwilioErrors.invalidParameter(field)))(
      typeof raw === 'string' ? raw : String(raw),
    );
  }
  return checkForm(parsed.data, options);
}
