import { AppError } from './app-error.js';

/** One page of a keyset-paginated list: every list route answers this shape. */
export interface TPage<T> {
  items: T[];
  /** What the client passes back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Reads one page of at most `limit` rows. `fetch(take)` reads `take` rows (one more than
 * `limit`: that one's presence says another page follows, without a count query) after the
 * cursor it closes over; `cursorOf` names the last row shown, where the next page starts.
 */
export async function readPage<T>(
  limit: number,
  fetch: (take: number) => Promise<T[]>,
  cursorOf: (last: T) => string,
): Promise<TPage<T>> {
  const rows = await fetch(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** Prisma's arguments that start a page after the row whose id is `cursor`; none on the first page. */
export function afterId(cursor: string | undefined): { cursor?: { id: string }; skip?: number } {
  return cursor ? { cursor: { id: cursor }, skip: 1 } : {};
}

/** 400 for a cursor that names no row of the caller's list (deleted meanwhile, or made up). */
export function unknownCursor(): AppError {
  return new AppError('invalid_input', 'Unknown cursor: start again from the first page.', [
    { path: 'cursor', message: 'unknown cursor' },
  ]);
}
