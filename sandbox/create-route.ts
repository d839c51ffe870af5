import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Arrival, SandboxAttempt } from './attempt-log.js';
import { validateCreate, type CreateMessageInput } from './create-message.js';
import { renderContent } from './content.js';
import type { TFaultEffect } from './faults.js';
import { toMessageResource, type SandboxMessageRow } from './message-resource.js';
import type { MessagesApiDeps } from './messages-api.js';
import { createMessageSid } from './sids.js';
import { canScheduleAtTwilio } from '../core/senders/twilio-schedule.js';
import { authenticate } from './twilio-auth.js';
import { TwilioApiError, TwilioErrors, twilioErrorResponse } from './twilio-errors.js';
import { readFormBody } from '../infra/form-body.js';

type AfterRecordEffect = Extract<
  TFaultEffect,
  { kind: 'serverErrorAfterRecord' | 'timeoutAfterRecord' | 'resetAfterRecord' }
>;

/** What the attempt log learns about a request besides its arrival and raw fields. */
type Outcome = Pick<SandboxAttempt, 'httpStatus'> & Partial<Pick<SandboxAttempt, 'code' | 'sid' | 'fault' | 'from'>>;

function formField(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Waits `ms` unless `signal` aborts first; never keeps the process alive on its own. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal, ref: false });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/**
 * Twilio's Messages create: authenticate, validate, consult the fault rules, store and
 * start delivery, answer. Every request lands in the attempt log once its outcome is known.
 */
export async function createMessage(c: Context, deps: MessagesApiDeps): Promise<Response> {
  // Taken first: dateCreated and the attempt's time are the arrival, never after latency.
  const arrival = deps.attempts.arrive();
  const form: Record<string, unknown> = await readFormBody(c, { all: true }).catch(() => ({}));
  const body = formField(form, 'Body');
  const log = (outcome: Outcome) =>
    deps.attempts.record(arrival, {
      to: formField(form, 'To')?.trim() ?? '',
      from: formField(form, 'From')?.trim() ?? '',
      ...(body === undefined ? {} : { body }),
      ...outcome,
      outcome: outcome.httpStatus === 201 ? 'accepted' : 'error',
    });
  const reject = (error: TwilioApiError, fault?: TFaultEffect['kind']) => {
    log({ httpStatus: error.status, code: error.code, ...(fault ? { fault } : {}) });
    return twilioErrorResponse(c, error);
  };

  const denied = authenticate(c, deps);
  if (denied) return reject(denied);
  // The account's concurrency: requests in flight, held ones (latency faults) included.
  if (!deps.queues.enter()) return reject(TwilioErrors.tooManyRequests());
  try {
    return await createAdmitted(c, deps, form, arrival, reject, log);
  } finally {
    deps.queues.leave();
  }
}

async function createAdmitted(
  c: Context,
  deps: MessagesApiDeps,
  form: Record<string, unknown>,
  arrival: Arrival,
  reject: (error: TwilioApiError, fault?: TFaultEffect['kind']) => Response,
  log: (outcome: Outcome) => void,
): Promise<Response> {
  const validated = validateCreate(form, { callbackBase: deps.publicUrl });
  if (validated instanceof TwilioApiError) return reject(validated);
  // A Messaging Service picks the number from its pool, the same one for a recipient each time.
  const input: CreateMessageInput = {
    ...validated,
    from:
      (validated.messagingServiceSid && deps.queues.pickFromService(validated.messagingServiceSid, validated.to)) ||
      (validated.from ?? deps.senders[validated.channel]),
  };
  if (input.sendAt && !canScheduleAtTwilio(arrival.at.getTime(), input.sendAt.getTime()))
    return reject(TwilioErrors.sendAtUnsupported());

  const effect = deps.faults.take(input.to);
  switch (effect?.kind) {
    case undefined:
      break;
    case 'error':
      return reject(TwilioErrors.byCode(effect.code, effect.status as ContentfulStatusCode), effect.kind);
    case 'rateLimit':
      return reject(TwilioErrors.tooManyRequests(), effect.kind);
    case 'latency':
      await pause(effect.ms, deps.shutdown);
      break;
    case 'serverErrorAfterRecord':
    case 'timeoutAfterRecord':
    case 'resetAfterRecord': {
      const row = await record(input, arrival, deps);
      return answerAfterRecord(c, deps, effect, row, (outcome) =>
        log({ ...outcome, sid: row.sid, from: row.from, fault: effect.kind }),
      );
    }
    default:
      return assertNever(effect);
  }
  if (input.sendAt) {
    const row = await schedule(input, input.sendAt, arrival, deps);
    log({ httpStatus: 201, sid: row.sid, from: row.from, ...(effect ? { fault: effect.kind } : {}) });
    return c.json(toMessageResource(row), 201);
  }
  // Its place in its sender's queue: past the queue's limit, Twilio refuses it (21611).
  const place = deps.queues.enqueue(input.from!, input.channel, input.body, arrival.at.getTime());
  if ('full' in place) return reject(TwilioErrors.queueFull());
  const row = await record(input, arrival, deps, place.departsAt - arrival.at.getTime());
  log({ httpStatus: 201, sid: row.sid, from: row.from, ...(effect ? { fault: effect.kind } : {}) });
  return c.json(toMessageResource(row, { messagingServiceSid: input.messagingServiceSid ?? null }), 201);
}

/**
 * A message for `SendAt`: stored `scheduled` and held; at its time it joins its sender's
 * queue (a full queue then fails it with 21611, as Twilio fails a scheduled message).
 */
async function schedule(
  input: CreateMessageInput,
  sendAt: Date,
  arrival: Arrival,
  deps: MessagesApiDeps,
): Promise<SandboxMessageRow> {
  const row = await deps.store.insert({
    ...newRow(input, arrival, deps, await contentOf(input, deps)),
    status: 'scheduled',
  });
  deps.scheduled.hold(row.sid, sendAt.getTime(), () => {
    const now = Date.now();
    const place = deps.queues.enqueue(row.from, input.channel, input.body ?? undefined, now);
    const queued = { ...row, status: 'queued' };
    const { outcome } = deps.delivery.admit(queued, 1);
    deps.delivery.start(
      queued,
      'full' in place
        ? { status: 'failed', errorCode: 21611, errorMessage: TwilioErrors.queueFull().message }
        : outcome,
      'full' in place ? 0 : place.departsAt - now,
    );
  });
  return row;
}

/**
 * Stores the message and starts its delivery, exactly as for an accepted create. Answers
 * the message as Twilio's create does: `queued`, whatever the stored row went on to.
 */
async function record(
  input: CreateMessageInput,
  arrival: Arrival,
  deps: MessagesApiDeps,
  waitMs = 0,
): Promise<SandboxMessageRow> {
  const queued = newRow(input, arrival, deps, await contentOf(input, deps));
  const { stored, outcome } = deps.delivery.admit(queued, waitMs);
  deps.delivery.start(await deps.store.insert(stored), outcome, waitMs);
  return queued;
}

/** A new outbound message as Twilio's create answers it: `queued`, with its content's text and buttons. */
function newRow(
  input: CreateMessageInput,
  arrival: Arrival,
  deps: MessagesApiDeps,
  content: ReturnType<typeof renderContent> | undefined,
): SandboxMessageRow {
  return {
    sid: createMessageSid(arrival.at.getTime()),
    accountSid: deps.accountSid,
    direction: 'outbound-api',
    to: input.to,
    from: input.from ?? deps.senders[input.channel],
    body: content?.body ?? input.body ?? null,
    contentSid: input.contentSid ?? null,
    contentVariables: input.contentVariables ?? null,
    buttons: content?.buttons ?? null,
    numMedia: input.mediaUrls.length,
    status: 'queued',
    statusCallback: input.statusCallback ?? null,
    errorCode: null,
    errorMessage: null,
    dateCreated: arrival.at,
    messagingServiceSid: input.messagingServiceSid ?? null,
    dateSent: null,
    dateUpdated: arrival.at,
  };
}

/**
 * The text and buttons a ContentSid sends, when the sandbox's Content API created it (Twilio
 * fills a content message's Body the same way). A sid it does not know is still accepted
 * and shown by its sid: messages may name templates made on a real account.
 */
async function contentOf(
  input: CreateMessageInput,
  deps: MessagesApiDeps,
): Promise<ReturnType<typeof renderContent> | undefined> {
  if (input.contentSid === undefined) return undefined;
  const content = await deps.contents.find(deps.accountSid, input.contentSid);
  return content ? renderContent(content, input.contentVariables) : undefined;
}

/** The ambiguous failures: Twilio stored (and will send) the message, the client cannot know. */
async function answerAfterRecord(
  c: Context,
  deps: MessagesApiDeps,
  effect: AfterRecordEffect,
  row: SandboxMessageRow,
  log: (outcome: Outcome) => void,
): Promise<Response> {
  switch (effect.kind) {
    case 'serverErrorAfterRecord': {
      const error = TwilioErrors.serverError(effect.status);
      log({ httpStatus: error.status, code: error.code });
      return twilioErrorResponse(c, error);
    }
    case 'timeoutAfterRecord': {
      // Released early when the client gives up or the sandbox closes.
      await pause(effect.ms, AbortSignal.any([deps.shutdown, c.req.raw.signal]));
      const error = TwilioErrors.serverError(504);
      log({ httpStatus: error.status, code: error.code });
      return twilioErrorResponse(c, error);
    }
    case 'resetAfterRecord': {
      const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
      if (!socket) {
        log({ httpStatus: 500, code: TwilioErrors.internal().code });
        throw new Error('resetAfterRecord needs a Node HTTP server: this request has no socket');
      }
      log({ httpStatus: null });
      socket.destroy();
      // Nobody reads this: the connection is gone.
      return c.body(null, 500);
    }
    default:
      return assertNever(effect);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled fault effect ${JSON.stringify(value)}`);
}
