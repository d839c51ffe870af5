/**
 * Signals and queries of the workflows, defined once for the workflows, the API and the
 * features that signal them. Imports only the workflow SDK, so any process may import it.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TSendOutcome } from './activities.js';
import type { TContactState } from './workflow-io.js';

/** A reply, as the inbound webhook hands it to a contact. */
export interface TInbound {
  text?: string;
  payload?: string;
  messageSid: string;
  /** ISO time Twilio's webhook reached us. */
  receivedAt: string;
}

export interface TStop {
  reason?: string;
}

export const inboundSignal = defineSignal<[TInbound]>('inbound');
export const stopSignal = defineSignal<[TStop]>('stop');
export const stateQuery = defineQuery<TContactState>('state');
/** Sent to the launcher (with signal-with-start) to stop a whole run. */
export const stopRunSignal = defineSignal<[TStop]>('stopRun');
/** A send's outcome, from the message worker to the contact (version 2) that queued it. */
export interface TSendOutcomeSignal {
  idempotencyKey: string;
  outcome: TSendOutcome;
}
export const sendOutcomeSignal = defineSignal<[TSendOutcomeSignal]>('sendOutcome');
/** Sent (with signal-with-start) to stop a campaign. */
export const stopCampaignSignal = defineSignal<[TStop]>('stopCampaign');
