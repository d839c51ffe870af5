import { RE2JS, RE2JSException } from 're2js';
import { MAX_REGEX_LENGTH } from './journey/constants.js';
import { compileLegacyReplyRegex, type TReplyRegex } from './reply-regex.js';

// Reply patterns run inside Temporal workflow code on text anyone can send. A backtracking
// engine (JavaScript's RegExp) can take exponential time on patterns as plain as (a|aa)+$,
// stalling the workflow task until Temporal declares a deadlock and retries it forever.
// RE2 matches in time linear in the text, whatever the pattern; re2js is its pure-JS port,
// deterministic and free of wasm or native code, so it runs in the workflow sandbox. The
// price is RE2's syntax: no backreferences and no lookarounds, refused when a journey is
// saved or launched.

function re2Compile(pattern: string): RE2JS | string {
  try {
    return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    if (error instanceof RE2JSException) return error.message;
    throw error;
  }
}

/** Compiles a reply pattern exactly as matchReply uses it (case-insensitive, RE2), or undefined when RE2 refuses it. */
export function compileReplyRegex(pattern: string): TReplyRegex | undefined {
  const compiled = re2Compile(pattern);
  return typeof compiled === 'string' ? undefined : compiled;
}

/**
 * RE2, or for a pattern RE2 cannot compile the RegExp it was accepted with: such a pattern
 * can only belong to a contact launched before RE2, since saving and launching refuse it.
 */
export function compileReplyRegexOrLegacy(pattern: string): TReplyRegex | undefined {
  return compileReplyRegex(pattern) ?? compileLegacyReplyRegex(pattern);
}

/** Why a reply pattern is refused, or undefined when it is acceptable. */
export function replyRegexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `regex is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}`;
  }
  const compiled = re2Compile(pattern);
  if (typeof compiled === 'string') {
    return `"${pattern}" is not a regular expression that replies can be matched with (${compiled}); backreferences and lookarounds are not supported`;
  }
  return undefined;
}
