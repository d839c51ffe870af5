/**
 * The send policy layer every outbound message of a workflow (journey or campaign) passes:
 * the send window in the recipient's time zone, waited out on a durable timer, then the
 * send itself (`transport`: the sendMessage activity by default), which applies the
 * frequency cap where the send is recorded and answers `deferred` when the recipient must
 * wait for the cap. Deterministic workflow code.
 */
import { condition, proxyActivities } from '@temporalio/workflow';
import type { TOverCap, TSendPolicy } from '../core/policy/send-policy.js';
import { nextSendTime } from '../core/policy/send-window.js';
import { resolveTimeZone } from '../core/policy/time-zone.js';
import type { Activities, SendMessageInput, THandedOff, TSendOutcome } from './contract/index.js';

const { sendMessage } = proxyActivities<Activities>({
  // The activity completes when the message worker gets to the send, which behind a long
  // backlog takes minutes. A short timeout is still right: each retry only re-asserts the
  // same row and job (same id, never a new send) and answers at once once the row is
  // final. It is what recovers a send whose worker died after the activity started but
  // before its row or job existed (seen in the chaos run: two contacts waited 30 minutes).
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export type TPolicyWait = 'send_window' | 'frequency_cap';

export interface PolicySendHooks {
  /** A stop cuts a policy wait short; the send is then not made. */
  isStopped: () => boolean;
  /** Called before waiting (with why and until when, epoch ms) and after. */
  onWait?: (reason: TPolicyWait, until: number, detail: string) => Promise<void> | void;
  onWaitEnd?: () => void;
  /**
   * How the send is made: the async sendMessage activity unless the caller has its own way,
   * which may answer `handed_off` (queued, and nobody waits for the outcome).
   */
  transport?: (input: SendMessageInput) => Promise<TSendOutcome | THandedOff>;
  /**
   * The first attempt is queued already (the launcher queued it, its window open then): it
   * goes straight to the transport, and the worker's own check of the window right before
   * sending answers a deferral if the window closed since.
   */
  queued?: boolean;
  /** Called right before each attempt the transport queues (not one queued already). */
  onSend?: () => void;
}

type TOutcomeWith<S> = S extends TSendOutcome['status'] ? Omit<TSendOutcome, 'status'> & { status: S } : never;
/** The activity's answer, one union member per status (so a switch is checked), or `stopped`. */
export type TPolicySendOutcome =
  TOutcomeWith<Exclude<TSendOutcome['status'], 'deferred'>> | { status: 'stopped' } | THandedOff;

/**
 * Sends `send` under `policy` (undefined: no window, no cap). `timeZoneHint` is the
 * recipient's own zone (its `timezone` variable), which wins over the policy's.
 */
export async function sendWithPolicy(
  send: Omit<SendMessageInput, 'frequencyCap' | 'overCap'>,
  policy: TSendPolicy | undefined,
  options: PolicySendHooks & { timeZoneHint?: unknown; overCap?: TOverCap },
): Promise<TPolicySendOutcome> {
  // Resolved once: the worker checks the same window in the same zone right before sending.
  const timeZone = policy?.sendWindow ? resolveTimeZone([options.timeZoneHint, policy.timeZone]) : undefined;
  for (let attempt = 0; ; attempt += 1) {
    if (policy?.sendWindow && timeZone && !(options.queued && attempt === 0)) {
      const opensAt = nextSendTime(Date.now(), policy.sendWindow, timeZone);
      if (opensAt > Date.now()) {
        const detail = `outside the send window ${policy.sendWindow.start}-${policy.sendWindow.end} ${timeZone}`;
        if (await waitUntil(options, 'send_window', opensAt, detail)) return { status: 'stopped' };
      }
    }
    // Only with a policy: sends of workflows started before it existed replay unchanged.
    if (policy && options.isStopped()) return { status: 'stopped' };
    if (!(options.queued && attempt === 0)) options.onSend?.();
    const outcome = await (options.transport ?? sendMessage)({
      ...send,
      ...(policy?.frequencyCap
        ? { frequencyCap: policy.frequencyCap, overCap: options.overCap ?? policy.overCap }
        : {}),
      // Only input to the activity, no new command: histories recorded before replay the same.
      ...(policy?.sendWindow && timeZone ? { sendWindow: policy.sendWindow, timeZone } : {}),
    });
    if (outcome.status !== 'deferred') return outcome as TPolicySendOutcome;
    // Over the cap and told to wait (until the oldest counted send leaves the cap's window),
    // or the send window closed while the send was queued (until it opens again).
    const retryAt = Date.parse(outcome.retryAt ?? '');
    const until = Number.isNaN(retryAt) ? Date.now() + 60_000 : retryAt;
    const reason: TPolicyWait = outcome.deferredBy === 'send_window' ? 'send_window' : 'frequency_cap';
    if (
      await waitUntil(
        options,
        reason,
        until,
        outcome.error ?? (reason === 'send_window' ? 'outside the send window' : 'over the frequency cap'),
      )
    )
      return { status: 'stopped' };
  }
}

async function waitUntil(hooks: PolicySendHooks, reason: TPolicyWait, until: number, detail: string): Promise<boolean> {
  await hooks.onWait?.(reason, until, detail);
  await condition(hooks.isStopped, Math.max(until - Date.now(), 1));
  hooks.onWaitEnd?.();
  return hooks.isStopped();
}
