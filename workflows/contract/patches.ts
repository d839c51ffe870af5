/**
 * Patch ids of behaviour changes to running workflow code (`patched()`). A contact started
 * before a change replays without it; recorded histories under test/fixtures/histories
 * guard each one. Never rename or reuse an id.
 */

/** Contacts mirror their progress to Postgres (recordContactProgress). */
export const RECORD_PROGRESS_PATCH = 'record-contact-progress';

/** Sends pass the send policy: the window in the recipient's zone and the frequency cap. */
export const SEND_POLICY_PATCH = 'send-policy';

/**
 * A reply that came while the contact was not waiting for one is kept, and taken by the
 * next wait-for-reply node when it is recent and answers the latest message (core/reply-grace.ts).
 * Asked only by contacts whose journey has a wait-for-reply node.
 */
export const REPLY_GRACE_PATCH = 'reply-grace';

/**
 * Regex reply branches match with RE2 (linear time) instead of JavaScript's backtracking
 * RegExp; a pattern RE2 cannot compile (only in contacts launched before) keeps RegExp.
 */
export const RE2_REPLY_MATCH_PATCH = 're2-reply-match';

/**
 * A reply that no exact branch matches is classified by intent (the `classifyReplyIntent`
 * activity) when its wait-for-reply node has intent branches. Asked only there, so a
 * contact whose journey has no intent branch records nothing new.
 */
export const REPLY_INTENT_PATCH = 'reply-intent';

/**
 * A contact takes the `migrate` update (workflows/live-edit.ts): moved onto a newer journey
 * version where it waits. Asked by the update's handler, so only a moved contact records it;
 * histories without the update replay as they ran.
 */
export const LIVE_EDIT_PATCH = 'live-edit';
