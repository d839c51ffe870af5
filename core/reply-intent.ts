import { NO_INTENT } from './journey/constants.js';
import type { TReplyBranch } from './journey/node-schemas.js';
import type { TJourney } from './journey/schema.js';

/** An intent branch as the classifier sees it: the id to answer and what it means. */
export interface TIntentOption {
  id: string;
  intent: string;
}

/** The node's intent branches, in order; [] when it has none. */
export function intentOptions(branches: readonly TReplyBranch[]): TIntentOption[] {
  return branches.flatMap((b) => (b.match === 'intent' ? [{ id: b.id, intent: b.value ?? '' }] : []));
}

/** Whether a wait-for-reply node of the journey has an intent branch (it then needs the AI model). */
export function hasIntentBranches(journey: Pick<TJourney, 'nodes'>): boolean {
  return journey.nodes.some(
    (node) => node.type === 'waitForReply' && node.data.branches.some((b) => b.match === 'intent'),
  );
}

/**
 * The answers a classification may give: the intent branch ids, then NO_INTENT. A
 * branch id equal to NO_INTENT is refused by the schema, so the list has no duplicate.
 */
export function intentAnswers(options: readonly TIntentOption[]): [string, ...string[]] {
  const answers: [string, ...string[]] = [NO_INTENT];
  answers.unshift(...options.map((o) => o.id));
  return answers;
}

/**
 * The branch a classifier's answer picks, or undefined for no intent. Anything that is
 * not exactly one of the offered intent branch ids (NO_INTENT, an unknown id, an id of a
 * non-intent branch, not a string at all) counts as no intent: whatever the reply
 * talked the model into, it can only choose among the branches the node offers.
 */
export function offeredIntent(answer: unknown, options: readonly TIntentOption[]): string | undefined {
  if (typeof answer !== 'string' || answer === NO_INTENT) return undefined;
  return options.find((o) => o.id === answer)?.id;
}
