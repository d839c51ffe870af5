import { MAX_REGEX_LENGTH } from './journey/constants.js';

// Reply patterns run inside Temporal workflow code, where a catastrophically backtracking
// pattern would stall the workflow task until Temporal declares a deadlock and retries it
// forever. Nested unbounded quantifiers such as (a+)+ or (\w*\s?)* are the classic cause,
// so they are refused up front; the check is deliberately conservative.

interface ScanState {
  groups: boolean[];
  inClass: boolean;
}

function isUnboundedAt(pattern: string, i: number): boolean {
  const ch = pattern[i];
  if (ch === '+' || ch === '*') return true;
  return ch === '{' && /^\{\d*,\}/.test(pattern.slice(i));
}

function markQuantified(state: ScanState): void {
  const last = state.groups.length - 1;
  if (last >= 0) state.groups[last] = true;
}

/** True when a group holding an unbounded quantifier is itself repeated, e.g. `(a+)+`. */
export function hasNestedQuantifier(pattern: string): boolean {
  const state: ScanState = { groups: [], inClass: false };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
    } else if (state.inClass) {
      state.inClass = ch !== ']';
    } else if (ch === '[') {
      state.inClass = true;
    } else if (ch === '(') {
      state.groups.push(false);
    } else if (ch === ')') {
      const inner = state.groups.pop() ?? false;
      const next = pattern[i + 1];
      if (inner && (next === '+' || next === '*' || next === '{')) return true;
      if (inner) markQuantified(state);
    } else if (isUnboundedAt(pattern, i)) {
      markQuantified(state);
    }
  }
  return false;
}

/** Compiles a reply pattern exactly as matchReply uses it (case-insensitive), or undefined when invalid. */
export function compileReplyRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}

/** Why a reply pattern is refused, or undefined when it is acceptable. */
export function replyRegexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `regex is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}`;
  }
  if (compileReplyRegex(pattern) === undefined) return `"${pattern}" is not a valid regular expression`;
  if (hasNestedQuantifier(pattern)) {
    return `"${pattern}" repeats a group that already repeats (like (a+)+), which can hang on some replies`;
  }
  return undefined;
}
