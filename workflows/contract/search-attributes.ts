// @temporalio/common is the SDK's deterministic shared layer; @temporalio/workflow does not re-export these.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes operators filter on in Temporal UI. Defined once: the
 * workflows upsert them, the dev launcher and test setup register them.
 */
/** `RunId` is Temporal's own (a workflow execution's run id) and cannot be set, hence `JourneyRunId`. */
export const RunIdKey = defineSearchAttributeKey('JourneyRunId', SearchAttributeType.KEYWORD);
export const JourneyIdKey = defineSearchAttributeKey('JourneyId', SearchAttributeType.KEYWORD);
export const ContactPhoneKey = defineSearchAttributeKey('ContactPhone', SearchAttributeType.KEYWORD);
export const JourneyNodeKey = defineSearchAttributeKey('JourneyNode', SearchAttributeType.KEYWORD);
export const WorkspaceIdKey = defineSearchAttributeKey('WorkspaceId', SearchAttributeType.KEYWORD);
export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
/**
 * `test` on the workflows of a test send (POST /api/journeys/:id/test), unset on a launch's:
 * `RunKind="test"` lists them in Temporal UI. Set only where it is `test`, so a server that
 * has not registered it yet refuses only test sends, never a launch.
 */
export const RunKindKey = defineSearchAttributeKey('RunKind', SearchAttributeType.KEYWORD);

/**
 * The journey version a contact walks, upserted when it moves onto a newer one (live edits);
 * unset on a contact still on its run's version (its input's `journeyVersion` says which).
 */
export const JourneyVersionKey = defineSearchAttributeKey('JourneyVersion', SearchAttributeType.INT);

export const CUSTOM_SEARCH_ATTRIBUTES = [
  RunIdKey,
  JourneyIdKey,
  ContactPhoneKey,
  JourneyNodeKey,
  WorkspaceIdKey,
  CampaignIdKey,
  RunKindKey,
  JourneyVersionKey,
] as const;
