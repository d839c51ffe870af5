/**
 * Intent branches of the wait-for-reply node: a reply no exact branch matched is
 * classified by the AI model (the `classifyReplyIntent` activity). Deterministic workflow
 * code: the model is asked only through the activity, and its answer is checked here
 * again against the node's own intent branches.
 */
import { ActivityFailure, patched, proxyActivities } from '@temporalio/workflow';
import type { TJourneyNode } from '../core/journey/schema.js';
import { intentOptions, offeredIntent } from '../core/reply-intent.js';
import type { Ctx } from './contact-context.js';
import { REPLY_INTENT_PATCH, type Activities } from './contract/index.js';

// An activity, not a local one: a model call takes seconds and its retries wait up to 8 s,
// which a local activity would spend holding the contact's workflow task open; as an
// activity each attempt and its error show in Temporal UI, and a worker restart mid-call
// only repeats that attempt. It costs three history events, only for replies that no
// exact branch matched at a node with intent branches.
const { classifyReplyIntent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A timeout and 3 retries at 2 s, 4 s and 8 s; a permanent failure (a refused key) is
  // thrown non-retryable by the activity and not retried.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '8 seconds', maximumAttempts: 4 },
});

type TWaitForReplyNode = Extract<TJourneyNode, { type: 'waitForReply' }>;

/**
 * The intent branch this reply takes, or undefined when it takes none: the node has no
 * intent branch, the reply has no text, the model saw no offered intent, or it could not
 * be asked at all (every attempt failed). In that last case the reply counts as unmatched,
 * like any other: never a guess at a branch.
 */
export async function classifyIntent(
  ctx: Ctx,
  node: TWaitForReplyNode,
  text: string | undefined,
): Promise<string | undefined> {
  const intents = intentOptions(node.data.branches);
  // Asked only where the model would be, so contacts whose journeys have no intent branch record nothing new.
  if (intents.length === 0 || text === undefined || text.trim() === '' || !patched(REPLY_INTENT_PATCH))
    return undefined;
  try {
    const result = await classifyReplyIntent({
      workspaceId: ctx.input.workspaceId,
      runId: ctx.input.runId,
      contactId: ctx.input.contactId,
      nodeId: node.id,
      text,
      intents,
    });
    return offeredIntent(result.branchId, intents);
  } catch (error) {
    if (error instanceof ActivityFailure) return undefined;
    throw error;
  }
}
