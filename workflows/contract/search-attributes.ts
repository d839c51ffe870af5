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

export const CUSTOM_SEARCH_ATTRIBUTES = [
  RunIdKey,
  JourneyIdKey,
  ContactPhoneKey,
  JourneyNodeKey,
  WorkspaceIdKey,
  CampaignIdKey,
] as const;
