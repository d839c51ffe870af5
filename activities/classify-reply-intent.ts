import { ApplicationFailure, Context } from '@temporalio/activity';
import { IntentClassifierError, type TIntentClassifier } from '../features/reply-intent/index.js';
import type { ClassifyReplyIntentInput, TReplyIntent } from '../workflows/contract/index.js';

export interface ClassifyReplyIntentDeps {
  /** Undefined when no AI model is configured (no OPENAI_API_KEY). */
  intentClassifier?: TIntentClassifier | undefined;
}

/** Failure type of a classification another attempt would not fix; the workflow lists it as non-retryable. */
export const INTENT_PERMANENT_FAILURE = 'IntentClassifierPermanent';

/**
 * Asks the AI model which intent branch a reply expresses. Whether to retry is decided
 * here: a refused key or a malformed request fails at once (non-retryable), a timeout,
 * 429, 5xx or network error is thrown as is for Temporal to retry (the workflow's policy).
 * Each classification is logged with its outcome, never with the reply's text.
 */
export function createClassifyReplyIntent(deps: ClassifyReplyIntentDeps) {
  return async function classifyReplyIntent(input: ClassifyReplyIntentInput): Promise<TReplyIntent> {
    const { log, info } = Context.current();
    const where = { runId: input.runId, contactId: input.contactId, nodeId: input.nodeId, attempt: info.attempt };
    if (!deps.intentClassifier) {
      // Launches refuse intent branches without a model; a contact still gets here if the
      // key was removed after its launch.
      log.warn('reply intent not classified: no AI model configured (OPENAI_API_KEY)', where);
      throw ApplicationFailure.nonRetryable('no AI model is configured (OPENAI_API_KEY)', INTENT_PERMANENT_FAILURE);
    }
    try {
      const result = await deps.intentClassifier(input.text, input.intents);
      log.info('reply intent classified', { ...where, outcome: result.outcome, branchId: result.branchId });
      return result;
    } catch (error) {
      log.warn('reply intent classification failed', { ...where, error: (error as Error).message });
      if (error instanceof IntentClassifierError && error.permanent) {
        throw ApplicationFailure.nonRetryable(error.message, INTENT_PERMANENT_FAILURE);
      }
      throw error;
    }
  };
}
