/** Where no contact, journey or workspace zone is usable, send windows are read in UTC. */
export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * True for a zone name the runtime's Intl knows (IANA names, their aliases such as
 * "US/Eastern", and "UTC"). Raw offsets such as "+05:30" are refused even where the
 * runtime accepts them (Node 22+ does, Node 20 does not): a fixed offset ignores daylight
 * saving, so it would put a contact's quiet hours an hour off for half the year.
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '' || /^[+-]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone a contact's send window is read in: the first usable candidate, in the order
 * given (contact variable, then journey setting, then workspace setting), else UTC.
 * Unusable candidates (missing, blank, misspelt) are skipped rather than failing the send.
 */
export function resolveTimeZone(candidates: ReadonlyArray<unknown>): string {
  return candidates.find(isTimeZone) ?? DEFAULT_TIME_ZONE;
}
