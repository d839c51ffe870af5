/**
 * Patch ids of behaviour changes to running workflow code (`patched()`). A contact started
 * before a change replays without it; recorded histories under test/fixtures/histories
 * guard each one. Never rename or reuse an id.
 */

/** Contacts mirror their progress to Postgres (recordContactProgress). */
export const RECORD_PROGRESS_PATCH = 'record-contact-progress';

/** Sends pass the send policy: the window in the recipient's zone and the frequency cap. */
export const SEND_POLICY_PATCH = 'send-policy';
