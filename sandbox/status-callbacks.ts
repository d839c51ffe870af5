import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../infra/logger.js';
import { defaultOutcome, type DeliveryOutcome } from './magic-numbers.js';
import { API_VERSION, type SandboxMessageRow } from './message-resource.js';
import { bareAddress, channelOf } from './phone.js';
import { postSignedForm } from './signed-post.js';
import type { SandboxStore } from './store.js';

export interface DeliveryOptions {
  /** Delay from create to `sent` (default 0 ms). */
  sentDelayMs?: number;
  /** Delay from `sent` to `delivered`/`undelivered` (default 50 ms). */
  deliveredDelayMs?: number;
  /** Attempts per status callback, first included (default 4). */
  callbackAttempts?: number;
  /** Backoff before retry n is `callbackBackoffMs * 2^(n-1)` (default 100 ms). */
  callbackBackoffMs?: number;
  /** Per-attempt timeout (default 5000 ms). */
  callbackTimeoutMs?: number;
  /** Fate of a message; defaults to the magic-number table, else delivered. */
  outcome?: (message: SandboxMessageRow) => DeliveryOutcome;
}

interface DeliveryDeps {
  store: SandboxStore;
  logger: Logger;
  authToken: string;
  options?: DeliveryOptions;
}

type Status = 'sent' | 'canceled' | DeliveryOutcome['status'];

/**
 * Moves outbound messages through queued → sent → delivered (or a failure) in the
 * background, updating the row and POSTing signed status callbacks. Nothing here may
 * throw into the request path or the process: every failure is logged.
 */
export class DeliverySimulator {
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly sentDelayMs: number;
  private readonly deliveredDelayMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly outcome: (message: SandboxMessageRow) => DeliveryOutcome;

  constructor(private readonly deps: DeliveryDeps) {
    const options = deps.options ?? {};
    this.sentDelayMs = options.sentDelayMs ?? 0;
    this.deliveredDelayMs = options.deliveredDelayMs ?? 50;
    this.attempts = Math.max(1, options.callbackAttempts ?? 4);
    this.backoffMs = options.callbackBackoffMs ?? 100;
    this.timeoutMs = options.callbackTimeoutMs ?? 5_000;
    this.outcome = options.outcome ?? ((message) => defaultOutcome(bareAddress(message.to)));
  }

  /**
   * Decides a new outbound message's fate and how it is first stored: already `sent` when
   * it goes out at once (as Twilio's does, a moment after the create), which saves a row
   * update per message; `queued` otherwise. Twilio still answers the create with `queued`.
   */
  admit(message: SandboxMessageRow, waitMs = 0): { stored: SandboxMessageRow; outcome: DeliveryOutcome } {
    const outcome = this.outcome(message);
    const atOnce = this.sentDelayMs === 0 && waitMs <= 0 && outcome.status !== 'failed';
    return { stored: atOnce ? { ...message, status: 'sent', dateSent: message.dateCreated } : message, outcome };
  }

  /**
   * Starts the lifecycle of a freshly stored outbound message, to the outcome `admit` gave it;
   * `waitMs` is its wait in its sender's queue before it is sent.
   */
  start(message: SandboxMessageRow, outcome: DeliveryOutcome, waitMs = 0): void {
    if (this.abort.signal.aborted) return;
    this.track(message.sid, this.run(message, outcome, waitMs));
  }

  private track(sid: string, work: Promise<void>): void {
    const task = work
      .catch((error: unknown) => {
        if (this.abort.signal.aborted) return;
        this.deps.logger.error({ err: error, sid }, 'sandbox delivery failed');
      })
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Posts the `canceled` status callback of a scheduled message canceled before its time, as Twilio does. */
  canceled(message: SandboxMessageRow): void {
    if (this.abort.signal.aborted || !message.statusCallback) return;
    this.track(message.sid, this.callback(message, message.statusCallback, 'canceled'));
  }

  /** Resolves once every started lifecycle has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Cancels pending transitions and in-flight callbacks. */
  close(): void {
    this.abort.abort();
  }

  private async run(message: SandboxMessageRow, outcome: DeliveryOutcome, waitMs: number): Promise<void> {
    const signal = this.abort.signal;
    await sleep(Math.max(0, waitMs) + this.sentDelayMs, undefined, { signal });
    if (outcome.status === 'failed') {
      await this.transition(message, outcome.status, outcome);
      return;
    }
    // Stored as sent already (admit): only its callback is still to go.
    if (message.status === 'sent') {
      if (message.statusCallback) await this.callback(message, message.statusCallback, 'sent');
    } else await this.transition(message, 'sent');
    await sleep(this.deliveredDelayMs, undefined, { signal });
    await this.transition(message, outcome.status, outcome.status === 'delivered' ? undefined : outcome);
  }

  private async transition(
    message: SandboxMessageRow,
    status: Status,
    error?: { errorCode: number; errorMessage: string },
  ): Promise<void> {
    if (this.abort.signal.aborted) return;
    await this.deps.store.update(message.sid, {
      status,
      ...(status === 'sent' ? { dateSent: new Date() } : {}),
      ...(error ? { errorCode: error.errorCode, errorMessage: error.errorMessage } : {}),
    });
    if (message.statusCallback) await this.callback(message, message.statusCallback, status, error?.errorCode);
  }

  private async callback(message: SandboxMessageRow, url: string, status: Status, errorCode?: number): Promise<void> {
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: message.accountSid,
      From: message.from,
      To: message.to,
      MessageStatus: status,
      SmsStatus: status,
      ApiVersion: API_VERSION,
    };
    if (errorCode !== undefined) params.ErrorCode = String(errorCode);
    if (channelOf(message.to) === 'whatsapp') {
      params.ChannelPrefix = 'whatsapp';
      params.ChannelToAddress = bareAddress(message.to);
    }
    const idempotencyToken = randomUUID();
    const log = this.deps.logger;
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      let problem: string;
      try {
        const httpStatus = await postSignedForm(url, params, {
          authToken: this.deps.authToken,
          timeoutMs: this.timeoutMs,
          signal: this.abort.signal,
          idempotencyToken,
        });
        // Only server errors and throttling are worth repeating; a 4xx will not change.
        if (httpStatus < 500 && httpStatus !== 429) {
          if (httpStatus >= 400)
            log.warn({ sid: message.sid, status, url, httpStatus }, 'sandbox status callback rejected');
          return;
        }
        problem = `HTTP ${httpStatus}`;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        problem = error instanceof Error ? error.message : String(error);
      }
      if (attempt === this.attempts) {
        log.warn({ sid: message.sid, status, url, attempts: attempt, problem }, 'sandbox status callback gave up');
        return;
      }
      log.debug({ sid: message.sid, status, url, attempt, problem }, 'sandbox status callback failed; retrying');
      await sleep(this.backoffMs * 2 ** (attempt - 1), undefined, { signal: this.abort.signal });
    }
  }
}
