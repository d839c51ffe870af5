import { z } from 'zod';
import type { DateWindow, ListFilter } from './store.js';
import { TwilioErrors, type TwilioApiError } from './twilio-errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * A Twilio date filter value: `YYYY-MM-DD` covers that UTC day; a timestamp without
 * fractional seconds covers that second (Twilio's precision), one with them that instant.
 */
const ZTwilioDate = z
  .string()
  .refine((s) =>
    DAY.test(s) ? z.iso.date().safeParse(s).success : z.iso.datetime({ offset: true }).safeParse(s).success,
  )
  .transform((s): { start: Date; end: Date } => {
    if (DAY.test(s)) {
      const start = new Date(`${s}T00:00:00.000Z`);
      return { start, end: new Date(start.getTime() + DAY_MS) };
    }
    const start = new Date(s);
    return { start, end: new Date(start.getTime() + (/\.\d+/.test(s) ? 1 : 1000)) };
  });

/**
 * Query of Twilio's Messages list. `DateSent>` / `DateSent<` are how `DateSent>=` /
 * `DateSent<=` arrive once the query string is split at the first `=`.
 */
const ZListQuery = z.object({
  To: z.string().max(64).optional(),
  From: z.string().max(64).optional(),
  DateSent: ZTwilioDate.optional(),
  'DateSent<': ZTwilioDate.optional(),
  'DateSent>': ZTwilioDate.optional(),
  PageSize: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_PAGE_SIZE)
    .transform((n) => Math.min(n, MAX_PAGE_SIZE)),
  Page: z.coerce.number().int().min(0).max(1_000_000).default(0),
  PageToken: z
    .string()
    .regex(/^PASM[0-9a-f]{32}$/)
    .optional(),
});

export interface ListQuery {
  filter: Omit<ListFilter, 'accountSid'>;
  page: number;
  pageSize: number;
  /** Sid of the last row of the previous page. */
  afterSid?: string;
  /** The filter parameters as Twilio echoes them in page URIs. */
  echo: URLSearchParams;
}

function windowOf(query: z.infer<typeof ZListQuery>): DateWindow | undefined {
  const starts = [query.DateSent?.start, query['DateSent>']?.start].filter((d): d is Date => d !== undefined);
  const ends = [query.DateSent?.end, query['DateSent<']?.end].filter((d): d is Date => d !== undefined);
  if (starts.length === 0 && ends.length === 0) return undefined;
  return {
    ...(starts.length ? { gte: new Date(Math.max(...starts.map(Number))) } : {}),
    ...(ends.length ? { lt: new Date(Math.min(...ends.map(Number))) } : {}),
  };
}

export function parseListQuery(params: URLSearchParams): ListQuery | TwilioApiError {
  const raw = Object.fromEntries(params.entries());
  const parsed = ZListQuery.safeParse(raw);
  if (!parsed.success) return TwilioErrors.invalidParameter(String(parsed.error.issues[0]?.path[0] ?? 'query'));
  const query = parsed.data;
  const echo = new URLSearchParams();
  for (const key of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'] as const) {
    const value = raw[key];
    if (value !== undefined) echo.set(key, value);
  }
  const dateSent = windowOf(query);
  return {
    filter: {
      ...(query.To === undefined ? {} : { to: query.To }),
      ...(query.From === undefined ? {} : { from: query.From }),
      ...(dateSent ? { dateSent } : {}),
    },
    page: query.Page,
    pageSize: query.PageSize,
    ...(query.PageToken ? { afterSid: query.PageToken.slice(2) } : {}),
    echo,
  };
}

/** `path?filters&PageSize=…&Page=…[&PageToken=…]` as Twilio writes page URIs. */
export function pageUri(path: string, query: ListQuery, page: number, pageToken?: string): string {
  const params = new URLSearchParams(query.echo);
  params.set('PageSize', String(query.pageSize));
  params.set('Page', String(page));
  if (pageToken) params.set('PageToken', pageToken);
  return `${path}?${params.toString()}`;
}
