import { MAX_VARIABLE_LENGTH, MAX_VARIABLES } from '../../core/journey/constants.js';
import { z } from 'zod';
import { ZAudienceRejection, ZCsvFile, ZUuid } from './common.js';

export const ZJsonLaunch = z.object({
  contacts: z
    .array(z.unknown())
    .describe(
      `\`[{ phone, vars? }]\`: vars maps names to strings, numbers or booleans. A bad row is rejected with a reason, not the whole body; past ${MAX_VARIABLES} variables in one contact or ${MAX_VARIABLE_LENGTH} characters in one value, the body is refused (400).`,
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

const ZRange = z
  .object({
    min: z.int().describe('Sure to happen: the fewest on any path each contact can take.'),
    max: z
      .int()
      .nullable()
      .describe('The most on the longest paths; null when a loop in the journey can repeat them without bound.'),
  })
  .meta({ id: 'ForecastRange' });

export const ZLaunchForecast = z
  .object({
    messages: ZRange.describe('Messages to the whole audience.'),
    byChannel: z.object({ sms: ZRange, whatsapp: ZRange }),
    segments: ZRange.describe('SMS segments of the bodies as rendered for each contact (GSM-7 160/153, UCS-2 70/67).'),
    drainSeconds: z
      .int()
      .nullable()
      .describe(
        "Seconds until every contact's first messages (before its first wait) are out, at the send rate and inside the send window; null when sending is not rate limited.",
      ),
    outsideWindow: z
      .int()
      .describe(
        'Contacts whose first free-form WhatsApp message goes out before they replied and who did not write to the workspace in the last 24 hours: that send will fail (63016). Use an approved template first.',
      ),
    optedOut: z.int().describe('Rows left out because the phone opted out.'),
  })
  .meta({ id: 'LaunchForecast' });

export const ZLaunchPreview = z
  .object({
    dryRun: z.literal(true),
    total: z.int().describe('Rows in the audience: accepted + rejected.'),
    accepted: z.int().describe('Contacts the launch would start.'),
    rejected: z.array(ZAudienceRejection),
    forecast: ZLaunchForecast.describe('What the launch will send, computed from the journey and each contact.'),
  })
  .meta({ id: 'LaunchPreview' });
