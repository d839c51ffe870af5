/** Inputs, results and queried state of the workflow types the `journeys` task queue runs. */
import type { TJourney } from '../../core/journey/schema.js';
import type { TSendPolicy } from '../../core/policy/send-policy.js';
import type { TVars } from '../../core/render.js';
import type { TInbound } from './messages.js';

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

/** Input of a campaign workflow `campaign-<campaignId>`. */
export interface TCampaignInput {
  campaignId: string;
  workspaceId: string;
  message: {
    channel: 'whatsapp' | 'sms';
    body?: string;
    contentSid?: string;
    contentVariables?: Record<string, string>;
  };
  batchSize: number;
  /** Where the previous execution left off, when it continued as new. */
  afterRecipientId?: string;
  stopReason?: string;
}

export interface TCampaignResult {
  status: 'done' | 'stopped';
}
