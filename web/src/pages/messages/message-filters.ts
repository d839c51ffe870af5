/** Delivery statuses of a MessageLog row (api/openapi/paths/messages.ts), in lifecycle order. */
export const MESSAGE_STATUSES = [
  'pending',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'undelivered',
  'suppressed',
  'skipped',
  'deferred',
  'canceled',
] as const;

/**
 * The message log's filters, as kept in the URL query string so a filtered view can be
 * shared. Empty string means "any". `from` and `to` are ISO instants (from inclusive, to
 * exclusive), so a link means the same moment in every time zone.
 */
export interface TMessageFilters {
  runId: string;
  campaignId: string;
  phone: string;
  status: string;
  from: string;
  to: string;
}

export const FILTER_KEYS = [
  'runId',
  'campaignId',
  'phone',
  'status',
  'from',
  'to',
] as const satisfies readonly (keyof TMessageFilters)[];

export const NO_FILTERS: TMessageFilters = { runId: '', campaignId: '', phone: '', status: '', from: '', to: '' };

/** The filters in a URL's query string; unknown parameters are ignored. */
export function filtersFromParams(params: URLSearchParams): TMessageFilters {
  const filters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = params.get(key)?.trim() ?? '';
  return filters;
}

/** The query string for these filters, without the empty ones; phones are stored without spaces or dashes. */
export function filtersToParams(filters: TMessageFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = key === 'phone' ? compactPhone(filters[key]) : filters[key].trim();
    if (value !== '') params.set(key, value);
  }
  return params;
}

/** GET /api/messages' query for these filters (without paging). */
export function toMessageQuery(filters: TMessageFilters): Partial<TMessageFilters> {
  return Object.fromEntries(filtersToParams(filters));
}

/** The CSV download of every message matching these filters; the session cookie authenticates a plain link. */
export function messagesCsvHref(filters: TMessageFilters): string {
  const query = filtersToParams(filters).toString();
  return query === '' ? '/api/messages.csv' : `/api/messages.csv?${query}`;
}

/** People paste "+1 (415) 555-2671"; the API wants exact E.164. */
export function compactPhone(value: string): string {
  return value.replace(/[\s().-]/g, '');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` input value, in the viewer's time zone; '' for none or junk. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (viewer's time zone) as an ISO instant; '' for none or junk. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  if (value === '' || Number.isNaN(date.getTime())) return '';
  return date.toISOString();
}
