// Kept apart from regex-safety.ts (and its re2js) so that workflow code can match replies
// without evaluating re2js for every contact: it loads RE2 only to match a regex branch.

/** A compiled reply pattern: case-insensitive, matches anywhere in the text. */
export interface TReplyRegex {
  test(text: string): boolean;
}

/** How matchReply compiles a regex branch's pattern; undefined when it cannot. */
export type TCompileReplyRegex = (pattern: string) => TReplyRegex | undefined;

/**
 * The JavaScript RegExp reply patterns ran on before RE2, kept for contacts whose replies
 * were matched with it (see RE2_REPLY_MATCH_PATCH) and for patterns only RegExp compiles,
 * which only contacts launched before RE2 can hold.
 */
export function compileLegacyReplyRegex(pattern: string): TReplyRegex | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}
