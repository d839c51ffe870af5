/** Inputs, results and queried state of the workflow types the `journeys` task queue runs. */
import type { TJourney } from '../../core/journey/schema.js';
import type { TSendPolicy } from '../../core/policy/send-policy.js';
import type { TVars } from '../../core/render.js';
import type { TInbound } from './messages.js';

/**
 * 1: each send is the async `sendMessage` activity; progress is mirrored by a local
 *    activity at every step; JourneyNode is upserted at every node where a contact can
 *    linger; the patches `record-contact-progress` and `send-policy` are asked at start.
 * 2: each send is the `enqueueSend` local activity, which also writes the progress so far,
 *    and the `sendOutcome` signal from the message worker, which also mirrors the contact's
 *    end when it follows right after the send; JourneyNode is set at start and upserted only
 *    where the contact waits. Half the history events, no activity task to dispatch.
 * 3: as 2, and a send after which the contact's path is only instant steps to its end is
 *    handed off: the contact ends as soon as the send is queued (result `handed_off`), and
 *    the message worker, which holds the send durably (its MessageLog row and job), writes
 *    the contact's end with the outcome. No outcome signal and no second workflow task; a
 *    one-message contact is one workflow task. The worker also waits out a send window that
 *    closed while the send was queued, which the contact did in version 2.
 */
export type TContactVersion = 1 | 2 | 3;

/** The version new contacts are started with. */
export const CONTACT_VERSION: TContactVersion = 3;

/**
 * History entries a contact keeps, in its workflow and in Postgres (Contact.history): the
 * latest ones, with a count of those dropped before them. A journey with a loop, or a phone
 * that keeps writing, would otherwise grow them without end, and the dashboard reads them.
 */
export const HISTORY_RING_SIZE = 200;

export type TContactStatus = 'active' | 'waiting' | 'waiting_reply' | 'done' | 'failed' | 'stopped';

export interface THistoryEntry {
  at: string;
  /**
   * `wait_shortened`: a test send's contact waited less than the node says (TTestSend).
   * `migrated`: the contact moved onto a newer journey version where it waited (`detail`: `version N`).
   */
  kind:
    | 'visit'
    | 'sent'
    | 'send_failed'
    | 'send_skipped'
    | 'send_deferred'
    | 'reply'
    | 'branch'
    | 'stopped'
    | 'wait_shortened'
    | 'migrated';
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
  /** Entries dropped from the front of `history` to keep it at HISTORY_RING_SIZE. */
  historyDropped?: number;
  lastReply?: TInbound;
  error?: string;
}

/**
 * Everything a contact's workflow needs: the journey is an immutable snapshot of its version.
 * `version` fixes, for the contact's whole life, how it talks to the rest of the system, so
 * a running contact replays the way it ran (see CONTACT_VERSION).
 */
export interface TContactJourneyInput {
  version: TContactVersion;
  workspaceId: string;
  runId: string;
  journeyId: string;
  contactId: string;
  phone: string;
  vars: TVars;
  journey: TJourney;
  /**
   * The number of the journey version `journey` is (JourneyVersion.version): set for contacts
   * started since live edits, and by a move onto a newer version. Shown in Temporal UI.
   */
  journeyVersion?: number;
  /** Workspace and journey send policy, merged when the contact was started. */
  sendPolicy?: TSendPolicy;
  /**
   * The launcher queued the contact's first send with its start, and wrote its progress up
   * to it (planFirstSend): the contact waits for that send's outcome instead of queueing it.
   */
  firstSendQueued?: boolean;
  /**
   * A test send (POST /api/journeys/:id/test): every wait lasts at most these seconds, and
   * every wait for a reply times out after at most these; its sends are marked as a test.
   * Absent for launched contacts, which therefore run exactly as before it existed.
   */
  test?: TTestSend;
  /** Set when the workflow continues as new: where it was and what it had seen. */
  resume?: {
    cursor: string;
    visits: Record<string, number>;
    history: THistoryEntry[];
    seenMessageSids: string[];
    lastReply?: TInbound;
    historyDropped?: number;
    /** Replies kept for the next wait-for-reply node (REPLY_GRACE_PATCH). */
    earlyReplies?: TInbound[];
    /** ISO time the contact's latest message was queued. */
    lastSentAt?: string;
  };
}

/** How a test send's contact shortens its waits (TContactJourneyInput.test). */
export interface TTestSend {
  /** A wait node lasts at most this long. */
  waitSeconds: number;
  /** A wait-for-reply node times out after at most this long: time for a person to answer. */
  replyTimeoutSeconds: number;
}

export interface TContactJourneyResult {
  /**
   * `handed_off`: the contact's last send was queued and the message worker finishes the
   * contact with its outcome (version 3); `cursor` is the message node. Postgres has the end.
   */
  status: 'done' | 'failed' | 'stopped' | 'handed_off';
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
