import { AppError } from '../../infra/app-error.js';
import type { THistoryEntry } from '../../workflows/contract/index.js';

/** Which page of a contact's history: the latest by default, or the one before an entry. */
export interface THistoryPageQuery {
  historyLimit: number;
  /** The place in the whole path (0 = its first step) the page ends before: `historyBefore` of an earlier answer. */
  historyBefore?: number | undefined;
}

export interface THistoryPage {
  /** At most `historyLimit` entries, oldest first, ending where asked. */
  history: THistoryEntry[];
  /** Pass back as `historyBefore` for the entries before this page; null when none are kept. */
  historyBefore: string | null;
  /** Steps in the whole path: the dropped ones and those kept. */
  historyTotal: number;
}

/**
 * A page of a contact's kept history (`kept`, the latest steps, after `dropped` older ones).
 * Places count from the path's first step, so a cursor still names the same step after the
 * contact has moved on; steps dropped since answer an empty page.
 * @throws AppError invalid_input when `historyBefore` is past the end of the path.
 */
export function pageHistory(kept: THistoryEntry[], dropped: number, query: THistoryPageQuery): THistoryPage {
  const total = dropped + kept.length;
  const end = query.historyBefore ?? total;
  if (end > total)
    throw new AppError('invalid_input', `historyBefore is past the end of this contact's history (${total} steps).`, [
      { path: 'historyBefore', message: `must be at most ${total}: pass back historyBefore of an earlier answer` },
    ]);
  const start = Math.max(dropped, end - query.historyLimit);
  return {
    history: end > start ? kept.slice(start - dropped, end - dropped) : [],
    historyBefore: start > dropped ? String(start) : null,
    historyTotal: total,
  };
}
