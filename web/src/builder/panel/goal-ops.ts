import type { TExactReplyMatch, TProblem } from '../../../../core/index.js';
import type { TGoalDraft } from '../types';

/** What the goal form's kind picker offers. */
export type TGoalKind = 'none' | TGoalDraft['kind'];

/** A new goal's window: a week, the usual attribution window for a campaign. */
export const DEFAULT_GOAL_WINDOW = 'P7D';

/** The goal after picking `kind`, keeping the window already chosen. */
export function goalOfKind(current: TGoalDraft | null, kind: TGoalKind): TGoalDraft | null {
  if (kind === 'none') return null;
  if (current?.kind === kind) return current;
  const window = current?.window || DEFAULT_GOAL_WINDOW;
  return kind === 'reply'
    ? { kind: 'reply', match: 'contains', value: '', window }
    : { kind: 'event', event: '', window };
}

/** Switching a reply goal to "any reply" drops its value, which that match ignores. */
export function goalMatchPatch(goal: TGoalDraft & { kind: 'reply' }, match: TExactReplyMatch): TGoalDraft {
  if (match !== 'any') return { ...goal, match };
  const { value: _ignored, ...rest } = goal;
  return { ...rest, match };
}

/**
 * The goal's problems by field (`value`, `event`, `window`, or "" for the goal as a whole),
 * without core's field prefix ("value: a "contains" goal needs a value").
 */
export function goalErrors(problems: readonly TProblem[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const problem of problems) {
    if (problem.path?.[0] !== 'goal') continue;
    const field = problem.path.length > 1 ? String(problem.path[1]) : '';
    const prefix = `${field}: `;
    const message =
      field !== '' && problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
    errors.set(field, errors.has(field) ? `${errors.get(field) ?? ''}; ${message}` : message);
  }
  return errors;
}
