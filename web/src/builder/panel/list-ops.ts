import type { TConditionRule, TReplyBranch, TSplitBranch } from '../../../../core/index.js';
import { uniqueItemId } from '../defaults';

/** A copy of `list` with item `index` merged with `patch` (undefined values remove keys). */
export function patchAt<T extends object>(list: readonly T[], index: number, patch: Partial<T>): T[] {
  return list.map((item, i) => {
    if (i !== index) return item;
    const merged: Record<string, unknown> = { ...item, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete merged[key];
    return merged as T;
  });
}

/** A copy of `list` without item `index`. */
export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** A new reply branch with a free id, matching a reply exactly. */
export function newReplyBranch(branches: readonly TReplyBranch[]): TReplyBranch {
  return { id: uniqueItemId('reply', branches), match: 'equals', value: '' };
}

/** Switching to "any" drops the value, which that match ignores. */
export function matchPatch(match: TReplyBranch['match']): Partial<TReplyBranch> {
  return match === 'any' ? { match, value: undefined } : { match };
}

/** A new condition rule with a free id. */
export function newRule(rules: readonly TConditionRule[]): TConditionRule {
  return { id: uniqueItemId('rule', rules), variable: '', op: 'equals', value: '' };
}

/** Switching to "exists" drops the value, which that operator ignores. */
export function opPatch(op: TConditionRule['op']): Partial<TConditionRule> {
  return op === 'exists' ? { op, value: undefined } : { op };
}

/** Sum of split percents, non-numbers counted as 0. */
export function splitTotal(branches: readonly TSplitBranch[]): number {
  return branches.reduce((sum, b) => sum + (Number.isFinite(b.percent) ? b.percent : 0), 0);
}

/** A new split branch taking what is left of 100% (0 if nothing is). Ids are letters: a, b, c... */
export function newSplitBranch(branches: readonly TSplitBranch[]): TSplitBranch {
  const used = new Set(branches.map((b) => b.id));
  const letter = [...'abcdefghijklmnopqrstuvwxyz'].find((l) => !used.has(l));
  return { id: letter ?? uniqueItemId('branch', branches), percent: Math.max(0, 100 - splitTotal(branches)) };
}

/** Shares 100% as evenly as whole numbers allow; the first branches get the remainder. */
export function evenSplit(branches: readonly TSplitBranch[]): TSplitBranch[] {
  const n = branches.length;
  if (n === 0) return [];
  const base = Math.floor(100 / n);
  return branches.map((b, i) => ({ ...b, percent: base + (i < 100 - base * n ? 1 : 0) }));
}

/** Parses a percent field: a whole number, or NaN so core reports it. */
export function parsePercent(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}
