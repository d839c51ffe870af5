import type { components } from '../../api-client/schema';

/** A step of a contact's path as the API records it (Contact.history). */
export type THistoryEntry = components['schemas']['Contact']['history'][number];

export type TTone = 'default' | 'success' | 'warning' | 'error' | 'info';

/** A history entry in words, for the contact's timeline. */
export interface TTimelineItem {
  title: string;
  /** Extra facts: attempts, error code, the reply's text, the branch taken. */
  detail: string | undefined;
  tone: TTone;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Describes one history entry. `nodeName` turns a node id into what the builder shows
 * (its label), so the timeline reads like the graph above it.
 */
export function describeEntry(entry: THistoryEntry, nodeName: (id: string) => string): TTimelineItem {
  const node = entry.nodeId === undefined ? undefined : nodeName(entry.nodeId);
  const at = node === undefined ? '' : ` ${node}`;
  const attempts = entry.attempts === undefined ? undefined : plural(entry.attempts, 'attempt');
  const facts = (...parts: Array<string | undefined>) =>
    parts.filter((part) => part !== undefined && part !== '').join(' · ') || undefined;
  switch (entry.kind) {
    case 'visit':
      return { title: `Reached${at}`, detail: undefined, tone: 'default' };
    case 'sent':
      return { title: `Message sent at${at}`, detail: facts(attempts, entry.messageSid), tone: 'success' };
    case 'send_failed':
      return {
        title: `Send failed at${at}`,
        detail: facts(entry.detail, entry.errorCode === undefined ? undefined : `error ${entry.errorCode}`, attempts),
        tone: 'error',
      };
    case 'send_skipped':
      return { title: `Send skipped at${at}`, detail: entry.detail, tone: 'warning' };
    case 'send_deferred':
      return { title: `Send deferred at${at}`, detail: entry.detail, tone: 'warning' };
    case 'reply':
      return { title: 'Reply received', detail: entry.detail ? `“${entry.detail}”` : '(empty reply)', tone: 'info' };
    case 'branch':
      return { title: `Took branch “${branchName(entry.detail)}” at${at}`, detail: undefined, tone: 'info' };
    case 'stopped':
      return { title: 'Stopped', detail: entry.detail, tone: 'default' };
    case 'wait_shortened':
      return { title: `Wait shortened for the test at${at}`, detail: entry.detail, tone: 'info' };
    case 'migrated':
      return { title: `Moved to the edited journey at${at}`, detail: entry.detail, tone: 'info' };
  }
}

/** The builder's handle ids in words: "" is the single output, timeout/noMatch/else are fixed names. */
export function branchName(handle: string | undefined): string {
  if (!handle) return 'next';
  const names: Record<string, string> = { timeout: 'no reply in time', noMatch: 'no match', else: 'otherwise' };
  return names[handle] ?? handle;
}

/** The replies in a contact's history, newest first. */
export function repliesOf(history: readonly THistoryEntry[]): THistoryEntry[] {
  return history.filter((entry) => entry.kind === 'reply').reverse();
}

/** Older steps the contact view asks for per "Show older" click. */
export const OLDER_STEPS_PAGE = 50;
/** The most steps one request may ask for (the API's historyLimit, the history it keeps). */
export const MAX_STEPS_PER_REQUEST = 200;

/** A page of a contact's history as the API answers it. */
export interface THistoryPage {
  history: readonly THistoryEntry[];
  historyBefore: string | null;
}

/**
 * The steps the contact view shows: the older page asked for (the steps right before the
 * latest page), then the latest page; and the cursor of the steps kept before them, if any.
 */
export function shownHistory(
  latest: THistoryPage,
  older: THistoryPage | undefined,
): { entries: THistoryEntry[]; olderBefore: string | null } {
  if (!older || latest.historyBefore === null)
    return { entries: [...latest.history], olderBefore: latest.historyBefore };
  return { entries: [...older.history, ...latest.history], olderBefore: older.historyBefore };
}
