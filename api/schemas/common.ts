import { z } from 'zod';
import { isE164, ZSendPolicyLayer } from '../../core/index.js';
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

/** A layer of the send policy (workspace, journey or node), named so the document shows it once. */
export const ZSendPolicy = ZSendPolicyLayer.meta({ id: 'SendPolicyLayer' });

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

/**
 * `limit` and `cursor` of a list, `limit` up to `maxLimit` (50 by default). The cursor is
 * the list's own: an id, or an opaque keyset.
 */
export function pageQuery<C extends z.ZodType>(maxLimit: number, cursor: C) {
  return z.object({ limit: z.coerce.number().int().min(1).max(maxLimit).default(50), cursor: cursor.optional() });
}

/** A name a person gives (journey, campaign, person, workspace). Postgres text cannot hold NUL: a 400, not a 500. */
export const ZDisplayName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\0]*$/, 'must not contain NUL characters');

/**
 * An exact phone filter in a query string: the one E.164 rule (core/phone.ts), with a hint,
 * since a raw `+` in a query string decodes to a space.
 */
export const ZPhoneQuery = z
  .string()
  .refine(isE164, 'must be a valid E.164 number such as +14155552671 (send + as %2B)')
  .meta({ example: '+14155552671' });

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
