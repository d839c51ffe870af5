import { Hono, type Context } from 'hono';
import type { Logger } from '../infra/logger.js';
import type { AttemptLog } from './attempt-log.js';
import type { SandboxContentStore } from './content.js';
import { createMessage } from './create-route.js';
import type { SandboxFaults } from './faults.js';
import { pageUri, parseListQuery } from './list-query.js';
import { messagePath, messagesPath, toMessageResource } from './message-resource.js';
import type { Channel } from './phone.js';
import { createRequestSid, MESSAGE_SID_PATTERN } from './sids.js';
import type { DeliverySimulator } from './status-callbacks.js';
import type { ScheduledSends } from './scheduled-sends.js';
import type { SenderQueues } from './sender-queues.js';
import type { SandboxStore } from './store.js';
import { authenticate } from './twilio-auth.js';
import { TwilioApiError, TwilioErrors, twilioErrorResponse } from './twilio-errors.js';
import { readFormBody } from '../infra/form-body.js';

export interface MessagesApiDeps {
  store: SandboxStore;
  /** The Content API's templates: what a ContentSid sends. */
  contents: SandboxContentStore;
  delivery: DeliverySimulator;
  logger: Logger;
  accountSid: string;
  authToken: string;
  /** Sender used when a MessagingServiceSid is given without From. */
  senders: Record<Channel, string>;
  /** Fault rules consulted by every create. */
  faults: SandboxFaults;
  /** Where every create request is logged, whatever its outcome. */
  attempts: AttemptLog;
  /** Aborted on sandbox close: releases responses held by latency and timeout faults. */
  shutdown: AbortSignal;
  /** This app's base URL: the only place a StatusCallback may point (no requests to elsewhere). */
  publicUrl: string;
  /** Per-sender queues and rates, the account's concurrency, Messaging Service pools. */
  queues: SenderQueues;
  /** Messages held for their `SendAt`. */
  scheduled: ScheduledSends;
}

/** Path of the request below the sandbox's twilio mount, as Twilio would name it. */
function twilioPath(c: Context): string {
  const { pathname } = new URL(c.req.url);
  const at = pathname.indexOf('/2010-04-01/');
  return at >= 0 ? pathname.slice(at) : pathname;
}

/**
 * Twilio's Messages REST resource (create, list, fetch), mounted at `/twilio` so the
 * official client's `/2010-04-01/...` paths resolve under `${PUBLIC_URL}/sandbox/twilio`.
 */
export function createMessagesApi(deps: MessagesApiDeps): Hono {
  const api = new Hono();
  const base = '/2010-04-01/Accounts/:accountSid';

  api.use('*', async (c, next) => {
    c.header('Twilio-Request-Id', createRequestSid());
    await next();
  });

  api.post(`${base}/Messages.json`, (c) => createMessage(c, deps));

  api.get(`${base}/Messages.json`, async (c) => {
    const denied = authenticate(c, deps);
    if (denied) return twilioErrorResponse(c, denied);
    const query = parseListQuery(new URL(c.req.url).searchParams);
    if (query instanceof TwilioApiError) return twilioErrorResponse(c, query);
    let after: { dateCreated: Date; sid: string } | undefined;
    if (query.afterSid) {
      const anchor = await deps.store.find(deps.accountSid, query.afterSid);
      if (!anchor) return twilioErrorResponse(c, TwilioErrors.invalidParameter('PageToken'));
      after = { dateCreated: anchor.dateCreated, sid: anchor.sid };
    }
    const rows = await deps.store.list(
      { accountSid: deps.accountSid, ...query.filter },
      { pageSize: query.pageSize, ...(after ? { after } : { offset: query.page * query.pageSize }) },
    );
    const pageRows = rows.slice(0, query.pageSize);
    const hasNext = rows.length > query.pageSize;
    const last = pageRows.at(-1);
    const path = messagesPath(deps.accountSid);
    const start = query.page * query.pageSize;
    return c.json({
      first_page_uri: pageUri(path, query, 0),
      end: pageRows.length > 0 ? start + pageRows.length - 1 : start,
      previous_page_uri: query.page > 0 ? pageUri(path, query, query.page - 1) : null,
      messages: pageRows.map((row) => toMessageResource(row)),
      uri: pageUri(path, query, query.page, query.afterSid ? `PA${query.afterSid}` : undefined),
      page_size: query.pageSize,
      start,
      next_page_uri: hasNext && last ? pageUri(path, query, query.page + 1, `PA${last.sid}`) : null,
      page: query.page,
    });
  });

  // Update: only canceling a scheduled message (`Status=canceled`), as Twilio allows.
  api.post(`${base}/Messages/:file`, async (c) => {
    const denied = authenticate(c, deps);
    if (denied) return twilioErrorResponse(c, denied);
    const sid = c.req.param('file').replace(/\.json$/, '');
    const form: Record<string, unknown> = await readFormBody(c).catch(() => ({}));
    const row = MESSAGE_SID_PATTERN.test(sid) ? await deps.store.find(deps.accountSid, sid) : null;
    if (!row) return twilioErrorResponse(c, TwilioErrors.notFound(messagePath(c.req.param('accountSid'), sid)));
    if (form.Status !== 'canceled') return twilioErrorResponse(c, TwilioErrors.invalidParameter('Status'));
    if (!deps.scheduled.cancel(sid)) return twilioErrorResponse(c, TwilioErrors.notCancelable());
    await deps.store.update(sid, { status: 'canceled' });
    deps.delivery.canceled(row);
    return c.json(toMessageResource({ ...row, status: 'canceled', dateUpdated: new Date() }));
  });

  api.get(`${base}/Messages/:file`, async (c) => {
    const denied = authenticate(c, deps);
    if (denied) return twilioErrorResponse(c, denied);
    const sid = c.req.param('file').replace(/\.json$/, '');
    const row =
      MESSAGE_SID_PATTERN.test(sid) && c.req.param('file').endsWith('.json')
        ? await deps.store.find(deps.accountSid, sid)
        : null;
    if (!row) return twilioErrorResponse(c, TwilioErrors.notFound(messagePath(c.req.param('accountSid'), sid)));
    return c.json(toMessageResource(row));
  });

  api.all('*', (c) => twilioErrorResponse(c, TwilioErrors.notFound(twilioPath(c))));

  api.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, 'sandbox twilio api error');
    return twilioErrorResponse(c, TwilioErrors.internal());
  });

  return api;
}
