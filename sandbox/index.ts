import { Hono } from 'hono';
import type { Db } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { AttemptLog, type AttemptFilter, type SandboxAttempt } from './attempt-log.js';
import type { WorkspaceOf } from './caller.js';
import { createContentApi } from './content-api.js';
import { SandboxContentStore } from './content.js';
import { createControlRoutes } from './control-routes.js';
import { SandboxFaults } from './faults.js';
import { createIncomingNumbersApi } from './incoming-numbers-api.js';
import { createMessagesApi } from './messages-api.js';
import type { Channel } from './phone.js';
import { createSimulatorRoutes } from './simulator-routes.js';
import { DeliverySimulator, type DeliveryOptions } from './status-callbacks.js';
import { ScheduledSends } from './scheduled-sends.js';
import { SenderQueues } from './sender-queues.js';
import { SandboxStore, type SecondCount, type TimeRange } from './store.js';

export { MAGIC_NUMBERS, type DeliveryOutcome } from './magic-numbers.js';
export type { DeliveryOptions } from './status-callbacks.js';
export type { AttemptFilter, SandboxAttempt } from './attempt-log.js';
export {
  SandboxFaults,
  ZFaultRule,
  type FaultKind,
  type FaultRuleView,
  type TFaultEffect,
  type TFaultRuleInput,
} from './faults.js';
export type { SecondCount, TimeRange } from './store.js';
export type { WorkspaceOf } from './caller.js';
export { basicAuthorization } from './twilio-auth.js';
export { SenderQueues, DEFAULT_QUEUE_LIMIT_SECONDS, type SenderQueueOptions } from './sender-queues.js';

/** Senders the sandbox uses when none is given (defaults match config's TWILIO_*_FROM). */
export const DEFAULT_SANDBOX_SENDERS: Readonly<Record<Channel, string>> = {
  sms: '+15005550006',
  whatsapp: 'whatsapp:+14155238886',
};

export interface SandboxDeps {
  db: Db;
  logger: Logger;
  accountSid: string;
  authToken: string;
  /** Base URL of this API; inbound webhooks go to `${publicUrl}/api/inbound`. */
  publicUrl: string;
  /** Timing and fate of outbound messages and their status callbacks. */
  delivery?: DeliveryOptions;
  /** Default sandbox senders per channel. */
  senders?: Partial<Record<Channel, string>>;
  /** The account's own numbers, listed by IncomingPhoneNumbers (default: the senders' numbers). */
  incomingNumbers?: readonly string[];
  /** Timeout of the inbound webhook POST (default 15000 ms, Twilio's). */
  webhookTimeoutMs?: number;
  /** Create attempts kept in memory (default 100000, oldest dropped first). */
  attemptLogCapacity?: number;
  /**
   * A signed-in user's workspace, from the API's session: the simulator then serves that
   * user, scoped to their workspace. Without it, only the operator (the account
   * credentials, HTTP Basic) may use the simulator; the control routes are always theirs alone.
   */
  workspaceOf?: WorkspaceOf;
  /** Messaging Services (`MG...`) and the numbers of their pools. */
  messagingServices?: Readonly<Record<string, readonly string[]>>;
}

/** Rate of accepted outbound messages, by creation (arrival) time. */
export interface SandboxRate {
  /** Messages per wall-clock second, oldest first; seconds without messages are absent. */
  perSecond(range?: TimeRange): Promise<SecondCount[]>;
  /** The most messages created within any 1000 ms window. */
  maxInAnySecond(range?: TimeRange): Promise<number>;
}

export interface Sandbox {
  /**
   * Mount at `/sandbox`: Twilio API (Messages, IncomingPhoneNumbers, Content) under `/twilio`, simulator under `/messages`, `/phones`,
   * `/reply`, control under `/faults`, `/attempts`, `/stats/rate`.
   */
  app: Hono;
  /** Fault rules applied to Messages create requests. */
  faults: SandboxFaults;
  /** Every Messages create request, oldest (first to arrive) first. */
  attempts(filter?: AttemptFilter): SandboxAttempt[];
  clearAttempts(): void;
  rate: SandboxRate;
  /**
   * Twilio's sending model: per-sender rates and queue limits (21611), the account's
   * concurrency (20429), Messaging Service pools. Senders without a rate send at once.
   */
  queues: SenderQueues;
  /** Releases now the scheduled messages due by `untilMs` (Twilio's 15 minutes are too long to wait in a test). */
  releaseScheduled(untilMs: number): string[];
  /** Resolves when no status-callback lifecycle is in flight. */
  idle(): Promise<void>;
  /** Cancels pending deliveries and callbacks and releases held answers (call before closing the database). */
  close(): void;
}

/**
 * The built-in Twilio-compatible sandbox: Twilio's Messages API for the official client
 * (`apiUrl = ${PUBLIC_URL}/sandbox/twilio`) plus a JSON API for a phone simulator.
 */
export function createSandbox(deps: SandboxDeps): Sandbox {
  const logger = deps.logger.child({ component: 'sandbox' });
  const senders: Record<Channel, string> = { ...DEFAULT_SANDBOX_SENDERS, ...deps.senders };
  const store = new SandboxStore(deps.db);
  const contents = new SandboxContentStore(deps.db);
  const delivery = new DeliverySimulator({
    store,
    logger,
    authToken: deps.authToken,
    ...(deps.delivery ? { options: deps.delivery } : {}),
  });

  const faults = new SandboxFaults();
  const queues = new SenderQueues();
  const scheduled = new ScheduledSends();
  for (const [sid, numbers] of Object.entries(deps.messagingServices ?? {})) queues.setMessagingService(sid, numbers);
  const attempts = new AttemptLog(deps.attemptLogCapacity);
  const shutdown = new AbortController();

  const app = new Hono();
  app.route(
    '/twilio',
    createIncomingNumbersApi({
      ...deps,
      numbers: deps.incomingNumbers ?? Object.values(senders).map((s) => s.replace(/^whatsapp:/, '')),
    }),
  );
  app.route('/twilio', createContentApi({ accountSid: deps.accountSid, authToken: deps.authToken, contents }));
  app.route(
    '/twilio',
    createMessagesApi({
      store,
      contents,
      delivery,
      logger,
      accountSid: deps.accountSid,
      authToken: deps.authToken,
      senders,
      faults,
      attempts,
      shutdown: shutdown.signal,
      publicUrl: deps.publicUrl,
      queues,
      scheduled,
    }),
  );
  app.route(
    '/',
    createControlRoutes({ accountSid: deps.accountSid, authToken: deps.authToken, store, faults, attempts, logger }),
  );
  app.route(
    '/',
    createSimulatorRoutes({
      store,
      logger,
      accountSid: deps.accountSid,
      authToken: deps.authToken,
      inboundUrl: `${deps.publicUrl.replace(/\/+$/, '')}/api/inbound`,
      senders,
      webhookTimeoutMs: deps.webhookTimeoutMs ?? 15_000,
      workspaceOf: deps.workspaceOf,
    }),
  );

  return {
    app,
    faults,
    attempts: (filter) => attempts.list(filter),
    clearAttempts: () => {
      attempts.clear();
    },
    rate: {
      perSecond: (range) => store.perSecondCounts(range),
      maxInAnySecond: (range) => store.maxInAnySlidingSecond(range),
    },
    queues,
    releaseScheduled: (untilMs) => scheduled.releaseDue(untilMs),
    idle: () => delivery.idle(),
    close: () => {
      shutdown.abort();
      scheduled.close();
      delivery.close();
    },
  };
}

/** The sandbox's Hono app alone, for `app.route('/sandbox', createSandboxApp(deps))`. */
export function createSandboxApp(deps: SandboxDeps): Hono {
  return createSandbox(deps).app;
}
