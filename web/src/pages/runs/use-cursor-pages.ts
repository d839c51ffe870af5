import { useCallback, useState } from 'react';

/** Where a keyset-paginated list is: the cursor of each page visited, the current one last. */
export interface TCursorPages {
  /** The cursor to request now; undefined for the first page. */
  cursor: string | undefined;
  /** 1-based number of the current page. */
  page: number;
  hasPrevious: boolean;
  /** Moves to the page that starts after `nextCursor` (the API's `nextCursor`). */
  next: (nextCursor: string) => void;
  previous: () => void;
  /** Back to the first page, e.g. when a filter changes. */
  reset: () => void;
}

/**
 * "Next / previous" over the API's keyset pagination. The API only hands out the cursor of
 * the next page, so the cursors of pages already seen are kept to go back.
 */
export function useCursorPages(): TCursorPages {
  const [stack, setStack] = useState<Array<string | undefined>>([undefined]);
  const next = useCallback((nextCursor: string) => setStack((s) => [...s, nextCursor]), []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor: stack.at(-1), page: stack.length, hasPrevious: stack.length > 1, next, previous, reset };
}
