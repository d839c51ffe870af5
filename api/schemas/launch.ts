import { z } from 'zod';
import { ZAudienceRejection, ZCsvFile, ZUuid } from './common.js';

export const ZJsonLaunch = z.object({
  contacts: z
    .array(z.unknown())
    .describe(
      '`[{ phone, vars? }]`: vars maps names to strings, numbers or booleans. A bad row is rejected with a reason, not the whole body.',
    ),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
export const ZLaunchFormFields = z.object({
  phoneColumn: z.string().min(1).max(100).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
/** The multipart body as documented: the form fields and the CSV file. */
export const ZLaunchForm = ZLaunchFormFields.extend({ file: ZCsvFile });

export const ZLaunchQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      '`true`: check the journey and the audience exactly as a launch would, and answer 200 with what it would accept, creating and starting nothing.',
    ),
});

export const ZLaunchAccepted = z.object({
  runId: ZUuid,
  version: z.int().describe('The journey version the run is pinned to.'),
  accepted: z.int(),
  rejected: z.array(ZAudienceRejection),
});

export const ZLaunchPreview = z
  .object({
    dryRun: z.literal(true),
    total: z.int().describe('Rows in the audience: accepted + rejected.'),
    accepted: z.int().describe('Contacts the launch would start.'),
    rejected: z.array(ZAudienceRejection),
  })
  .meta({ id: 'LaunchPreview' });
