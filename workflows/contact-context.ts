/** What the contact journey interpreter hands each node handler. */
import type { TJourneyGraph } from '../core/journey/graph.js';
import type { TSendPolicy } from '../core/policy/send-policy.js';
import type {
  ContactProgress,
  TContactJourneyInput,
  TContactJourneyResult,
  TContactState,
  TContactVersion,
  TInbound,
  TSendOutcome,
  TStep,
} from './contract/index.js';

/** Where the contact goes next, or how it ends (`mirrored`: already written by the message worker). */
export type Step = { next: string | undefined } | { end: TContactJourneyResult; mirrored?: boolean };

export interface Ctx {
  /** The contact's input; its `journey` (and `graph`) are swapped by a move onto a newer version (live-edit.ts). */
  input: TContactJourneyInput;
  version: TContactVersion;
  graph: TJourneyGraph;
  /** Between a reply and its branch (the classifier is asked): no point to swap versions at. */
  busy: boolean;
  workflowId: string;
  visits: Record<string, number>;
  inbox: TInbound[];
  /** Send outcomes signalled by the message worker, by idempotency key, until taken. */
  outcomes: Map<string, TSendOutcome>;
  state: TContactState;
  record: (entry: TStep) => void;
  /** Mirrors state and new history entries to Postgres (a local activity). */
  report: () => Promise<void>;
  /** The state and new history entries, for a write that goes with something else (a send). */
  takeProgress: () => ContactProgress;
  /** Indexes the node the contact waits at as JourneyNode (version 2; version 1 indexes in the loop). */
  index: (nodeId: string) => void;
  isStopped: () => boolean;
  /**
   * The replies kept from before this wait that it takes (REPLY_GRACE_PATCH; none without
   * it): recent ones, received since the latest message was queued. Empties the keep.
   */
  takeEarlyReplies: () => TInbound[];
  /** A message to the contact is being queued now: replies received before it answered an earlier one. */
  noteSend: () => void;
  /** Until the first message node: the launcher queued its send (input.firstSendQueued). */
  firstSendQueued: boolean;
  /** The send policy, when this execution applies one (see SEND_POLICY_PATCH). */
  sendPolicy?: TSendPolicy;
}
