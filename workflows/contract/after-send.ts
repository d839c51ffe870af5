/**
 * What a contact does right after a send's outcome, when that is its end, written down once
 * for the two sides that act on it: the contact workflow (version 2) records these entries
 * and ends without a progress write of its own, and the message worker, which learns the
 * outcome first, mirrors the same end into Postgres as it reports the outcome. A
 * one-message contact then costs no local activity after its send.
 */
import type { TSendOutcome } from './activities.js';
import type { THistoryEntry } from './workflow-io.js';

/** A history entry before it is stamped with its time. */
export type TStep = Omit<THistoryEntry, 'at'>;

/**
 * The instant steps a contact takes after a sent (or skipped) message up to its end:
 * visits of condition and split nodes with their branches, then the visit of the end node.
 * Handed to the message worker with the send, only when the path is this short.
 */
export interface TAfterSend {
  steps: TStep[];
}

/** How a contact ends right after a send, as both sides write it. */
export interface TContactEnd {
  state: 'done' | 'failed' | 'stopped';
  /** The node it ends at; null once it reached an end node. */
  cursor: string | null;
  error?: string;
  /** The outcome's entry first, then what follows it. */
  entries: TStep[];
}

/** The entry the outcome of a send at `nodeId` adds to the contact's history (none for a deferral). */
export function outcomeEntry(nodeId: string, outcome: TSendOutcome): TStep | undefined {
  switch (outcome.status) {
    case 'sent':
      return {
        kind: 'sent',
        nodeId,
        attempts: outcome.attempts,
        ...(outcome.twilioSid ? { messageSid: outcome.twilioSid } : {}),
      };
    case 'skipped':
      return { kind: 'send_skipped', nodeId, detail: outcome.error ?? 'over the frequency cap' };
    case 'suppressed':
      // Held back (the run or contact was stopped, or the phone opted out, while the send
      // waited in the queue): the contact does not go on without that message.
      return { kind: 'send_failed', nodeId, detail: suppressedReason(outcome) };
    case 'failed':
      return {
        kind: 'send_failed',
        nodeId,
        detail: failedReason(outcome),
        attempts: outcome.attempts,
        ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
      };
    case 'deferred':
      return undefined;
  }
}

export const suppressedReason = (outcome: TSendOutcome) => outcome.error ?? 'send suppressed';
export const failedReason = (outcome: TSendOutcome) => outcome.error ?? 'send failed';

/**
 * The contact's end right after the outcome of its send at `nodeId`: a failed send fails it,
 * a held-back one stops it, and a sent or skipped one ends it when `afterSend` says the rest
 * of its path is instant. Undefined when the contact goes on (or waits for a deferral).
 */
export function endAfterSend(
  nodeId: string,
  outcome: TSendOutcome,
  afterSend: TAfterSend | undefined,
): TContactEnd | undefined {
  const entry = outcomeEntry(nodeId, outcome);
  if (!entry) return undefined;
  switch (outcome.status) {
    case 'failed':
      return { state: 'failed', cursor: nodeId, error: failedReason(outcome), entries: [entry] };
    case 'suppressed': {
      const reason = suppressedReason(outcome);
      return { state: 'stopped', cursor: nodeId, error: reason, entries: [entry, { kind: 'stopped', detail: reason }] };
    }
    default:
      return afterSend ? { state: 'done', cursor: null, entries: [entry, ...afterSend.steps] } : undefined;
  }
}
