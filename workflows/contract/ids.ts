/**
 * Workflow ids and send keys, derived from the rows they stand for: readable by a person,
 * and deterministic, so starting the same contact twice is refused by Temporal and the same
 * send is never queued under two keys.
 */

export function contactWorkflowId(runId: string, contactId: string): string {
  return `run-${runId}-contact-${contactId}`;
}

/** The launcher of one run. */
export function runWorkflowId(runId: string): string {
  return `run-${runId}`;
}

/**
 * The move of a run's contacts onto one journey version (live edits): one at a time per
 * run and version, so a repeated request joins the move under way instead of starting another.
 */
export function runMigrationWorkflowId(runId: string, version: number): string {
  return `run-${runId}-migrate-v${version}`;
}

export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

/** (contact workflow, node, visit): the same key is never sent twice. No ':' (BullMQ job ids). */
export function sendIdempotencyKey(workflowId: string, nodeId: string, visit: number): string {
  return `${workflowId}/${nodeId}/${visit}`;
}

/** (campaign, recipient): each recipient gets the campaign's message once. */
export function campaignSendKey(campaignId: string, recipientId: string): string {
  return `campaign-${campaignId}/${recipientId}`;
}
