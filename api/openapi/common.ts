import { z } from 'zod';
import type { TAudienceRejection } from '../../features/audience/index.js';
import { ERROR_STATUS, type ErrorCode } from '../../infra/app-error.js';

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The one error shape (infra/app-error.ts), every code ERROR_STATUS maps. */
export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().describe('For a person: what went wrong and what to do.'),
      details: z
        .unknown()
        .optional()
        .describe(
          'For `invalid_input`, usually `[{ path, message }]` per problem; otherwise facts such as `maxBytes` or `retryAfterSeconds`.',
        ),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answers `{ error: { code, message, details? } }`.' });

/** Timestamps leave the API as JSON: ISO 8601 in UTC. */
export const ZTimestamp = z.iso.datetime();
export const ZUuid = z.uuid();

/** A page of a keyset-paginated list. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last page.'),
  });
}

/** `{id}` of routes that read it unvalidated: a malformed id is answered 404 like a missing one. */
export const ZPathId = z.object({ id: z.string().describe('The resource id (a UUID).') });

export const ZAudienceRejection = z
  .object({
    row: z.int().describe('CSV: the spreadsheet row (the header is row 1). JSON: the index + 1.'),
    phone: z.string().describe('The phone as it was given.'),
    reason: z.string(),
  })
  .meta({ id: 'RejectedRow' }) satisfies z.ZodType<TAudienceRejection>;

/** The answer of the stop routes: stopping happens in the background. */
export const ZStopping = z.object({ status: z.literal('stopping') });

/** A CSV file sent as a multipart/form-data field. */
export const ZCsvFile = z.string().meta({
  contentMediaType: 'text/csv',
  description: 'The audience as a CSV file: a phone column and one column per variable.',
});
