/**
 * Messages of the contact journey workflow, defined once for the workflow and the API.
 * Imports only the workflow SDK, so the API may import this module too.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TJourney } from '../core/journey/schema.js';
import type { TSendPolicy } from '../core/policy/send-policy.js';
import type { TVars } from '../core/render.js';

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

export type TContactStatus = 'active' | 'waiting' | 'waiting_reply' | 'done' | 'failed' | 'stopped';

export interface THistoryEntry {
  at: string;
  kind: 'visit' | 'sent' | 'send_failed' | 'send_skipped' | 'send_deferred' | 'reply' | 'branch' | 'stopped';
  nodeId?: string;
  detail?: string;
  messageSid?: string;
  /** Sends: Twilio error code and requests made, as on the MessageLog row. */
  errorCode?: number;
  attempts?: number;
}

export interface TContactState {
  status: TContactStatus;
  cursor: string | undefined;
  /** What the contact waits for and until when (ISO), if it waits. */
  waiting?: { nodeId: string; for: 'timer' | 'reply' | 'send_window' | 'frequency_cap'; until: string };
  history: THistoryEntry[];
  lastReply?: TInbound;
  error?: string;
}

/** Everything a contact's workflow needs: the journey is an immutable snapshot of its version. */
export interface TContactJourneyInput {
  version: 1;
  workspaceId: string;
  runId: string;
  journeyId: string;
  contactId: string;
  phone: string;
  vars: TVars;
  journey: TJourney;
  /** Workspace and journey send policy, merged when the contact was started. */
  sendPolicy?: TSendPolicy;
  /** Set when the workflow continues as new: where it was and what it had seen. */
  resume?: {
    cursor: string;
    visits: Record<string, number>;
    history: THistoryEntry[];
    seenMessageSids: string[];
    lastReply?: TInbound;
  };
}

export interface TContactJourneyResult {
  status: 'done' | 'failed' | 'stopped';
  cursor: string | undefined;
  error?: string;
}

/** Input of the launcher workflow `run-<runId>`. */
export interface TLaunchRunInput {
  runId: string;
  batchSize: number;
  /** Batches per execution before continuing as new (default 100). */
  batchesPerExecution?: number;
  /** Where the previous execution left off, when it continued as new. */
  afterContactId?: string;
  /** Set when continuing as new after a stop was requested. */
  stopReason?: string;
}

export const inboundSignal = defineSignal<[TInbound]>('inbound');
export const stopSignal = defineSignal<[TStop]>('stop');
export const stateQuery = defineQuery<TContactState>('state');
/** Sent to the launcher (with signal-with-start) to stop a whole run. */
export const stopRunSignal = defineSignal<[TStop]>('stopRun');

/** Readable, deterministic ids: starting the same contact twice is refused by Temporal. */
export function contactWorkflowId(runId: string, contactId: string): string {
  return `run-${runId}-contact-${contactId}`;
}

export function runWorkflowId(runId: string): string {
  return `run-${runId}`;
}

/** (contact workflow, node, visit): the same key is never sent twice. No ':' (BullMQ job ids). */
export function sendIdempotencyKey(workflowId: string, nodeId: string, visit: number): string {
  return `${workflowId}/${nodeId}/${visit}`;
}

/** Input of a campaign workflow `campaign-<campaignId>`. */
export interface TCampaignInput {
  campaignId: string;
  workspaceId: string;
  message: { channel: 'whatsapp' | 'sms'; body?: string; contentSid?: string; contentVariables?: Record<string, string> };
  batchSize: number;
  /** Where the previous execution left off, when it continued as new. */
  afterRecipientId?: string;
  stopReason?: string;
}

export interface TCampaignResult {
  status: 'done' | 'stopped';
}

/** Sent (with signal-with-start) to stop a campaign. */
export const stopCampaignSignal = defineSignal<[TStop]>('stopCampaign');

export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

/** (campaign, recipient): each recipient gets the campaign's message once. */
export function campaignSendKey(campaignId: string, recipientId: string): string {
  return `campaign-${campaignId}/${recipientId}`;
}
