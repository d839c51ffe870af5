/**
 * The activities the workflows call: their names, inputs and results. Workflows proxy this
 * interface; `createActivities` (activities/) implements it. The one place both sides meet,
 * so a workflow never imports activity code, not even its types.
 */
import type { TFrequencyCap, TOverCap, TSendPolicy, TSendWindow } from '../../core/policy/index.js';
import type { TIntentOption } from '../../core/reply-intent.js';
import type { TVars } from '../../core/render.js';
import type { TAfterSend } from './after-send.js';
import type { TMigrateBatchInput, TMigrateBatchResult } from './live-edit.js';
import type { TContactStatus, THistoryEntry } from './workflow-io.js';

export interface Activities {
  /** Records the send and queues it; completes (asynchronously) when the message worker has an outcome. */
  sendMessage(input: SendMessageInput): Promise<TSendOutcome>;
  /**
   * A local activity (contacts of version 2 and 3): records the send with the contact's
   * progress and queues it. Answers the outcome when the send is already decided, else
   * `queued`: the message worker then signals the outcome (`sendOutcome`), or, for a send
   * handed off (`handOff`), writes the contact's end itself.
   */
  enqueueSend(input: EnqueueSendInput): Promise<TEnqueued>;
  recordContactProgress(progress: ContactProgress): Promise<void>;
  /**
   * Which of a wait-for-reply node's intent branches the reply text expresses, asked of
   * the AI model; called only when no exact branch matched. Fails (after its retries)
   * when the model cannot be asked: the contact then treats the reply as unmatched.
   */
  classifyReplyIntent(input: ClassifyReplyIntentInput): Promise<TReplyIntent>;
  startContactBatch(input: BatchInput): Promise<BatchResult>;
  stopContactBatch(input: BatchInput & { reason: string }): Promise<BatchResult>;
  /** Moves one page of a run's contacts onto a newer journey version (live edits), each by its own `migrate` update. */
  migrateContactBatch(input: TMigrateBatchInput): Promise<TMigrateBatchResult>;
  loadCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatch>;
  recordCampaignProgress(input: { campaignId: string; finished?: 'done' | 'stopped' }): Promise<void>;
}

export interface ClassifyReplyIntentInput {
  workspaceId: string;
  runId: string;
  contactId: string;
  nodeId: string;
  /** The reply's text: data to classify, never instructions. */
  text: string;
  /** The node's intent branches, in order: the only ids the answer may name. */
  intents: TIntentOption[];
}

/**
 * A classification: `branchId` is one of the offered intent branch ids, or absent for no
 * intent. `outcome` says why (see features/reply-intent): `matched`, `none`, or an answer
 * that was `invalid` or `refused` and counts as none.
 */
export interface TReplyIntent {
  branchId?: string;
  outcome: 'matched' | 'none' | 'invalid' | 'refused';
}

export interface SendMessageInput {
  /** (contact workflow, node, visit): the same key is never sent twice. */
  idempotencyKey: string;
  workspaceId: string;
  runId?: string;
  contactId?: string;
  campaignId?: string;
  nodeId?: string;
  to: string;
  channel: 'whatsapp' | 'sms';
  body?: string;
  contentSid?: string;
  contentVariables?: Record<string, string>;
  /** At most `max` sends to this phone per rolling window across the workspace. */
  frequencyCap?: TFrequencyCap;
  /** Over the cap: `wait` answers `deferred` (ask again at retryAt), `skip` records the send as skipped. */
  overCap?: TOverCap;
  /** The window the workflow waited for, and the recipient's zone: checked again when the worker sends. */
  sendWindow?: TSendWindow;
  timeZone?: string;
  /** A send of a test run: recorded as a test, never counted or held by the frequency cap. */
  test?: boolean;
}

export interface EnqueueSendInput extends SendMessageInput {
  /** The contact's state and history entries so far, written with the send's row. */
  progress?: ContactProgress;
  /** The rest of the contact's path after a sent (or skipped) outcome, when it ends right after. */
  afterSend?: TAfterSend;
  /**
   * The contact ends once this send is queued (version 3, with `afterSend`): nobody waits
   * for the outcome, and the message worker writes the contact's end with it.
   */
  handOff?: boolean;
}

/** A send queued for a contact that ends with it: the message worker finishes the contact. */
export interface THandedOff {
  status: 'handed_off';
}

/** A send decided at once (by the frequency cap, or a row already final), or queued. */
export type TEnqueued = TSendOutcome | { status: 'queued' };

/** What a finished send reports back to the workflow that asked for it. */
export interface TSendOutcome {
  /**
   * `skipped`: over the frequency cap, and the node said to go on without it.
   * `deferred`: over the frequency cap, and the node said to wait, or the send window
   * closed while the send waited in the queue: ask again at `retryAt`.
   */
  status: 'sent' | 'failed' | 'suppressed' | 'skipped' | 'deferred';
  /** ISO time a deferred send may be asked for again. */
  retryAt?: string;
  /** Why a send was deferred; absent means the frequency cap (the first reason there was). */
  deferredBy?: 'frequency_cap' | 'send_window';
  /** Absent for a send deferred by the frequency cap, which has no row yet. */
  messageLogId?: string;
  twilioSid?: string;
  errorCode?: number;
  error?: string;
  attempts: number;
}

/** A contact's state and the history entries since its last report, mirrored to Postgres. */
export interface ContactProgress {
  runId: string;
  contactId: string;
  state: TContactStatus;
  cursor: string | null;
  /** History entries since the last report, appended to the contact's path. */
  entries: THistoryEntry[];
  error?: string;
}

export interface BatchInput {
  runId: string;
  /** Contacts are taken in id order; the batch starts after this id. */
  afterContactId?: string;
  limit: number;
}

export interface BatchResult {
  started: number;
  lastContactId?: string;
  /** The run was stopped meanwhile: nothing was started and the launcher should stop. */
  stopped: boolean;
}

export interface CampaignBatchInput {
  campaignId: string;
  /** Recipients are read in id order; the batch starts after this id. */
  afterRecipientId?: string;
  limit: number;
}

export interface CampaignRecipientView {
  id: string;
  phone: string;
  vars: TVars;
}

export interface CampaignBatch {
  recipients: CampaignRecipientView[];
  /** The campaign was stopped meanwhile: send nothing more. */
  stopped: boolean;
  /** The workspace's send policy as of this batch; undefined when it sets nothing. */
  sendPolicy?: TSendPolicy;
}
