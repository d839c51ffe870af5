import { z } from 'zod';
import { ZQuickReplyButton } from '../../core/journey/schema.js';
import type { TContentTemplate } from '../../features/content/fetch-content.js';

export const ZContentSidParam = z.object({
  sid: z
    .string()
    .regex(/^HX[0-9a-fA-F]{32}$/, 'a content sid is HX followed by 32 hex digits')
    .describe('The content template sid (`HX...`), from Twilio Content Template Builder.'),
});

export const ZContentTemplate = z
  .object({
    sid: z.string(),
    friendlyName: z.string(),
    language: z.string(),
    variables: z.record(z.string(), z.string()).describe('Sample values of `{{1}}`, `{{2}}`...'),
    body: z
      .string()
      .nullable()
      .describe('Its text, placeholders unfilled; null for types other than text and quick reply.'),
    buttons: z
      .array(ZQuickReplyButton)
      .describe('Its quick-reply buttons: `title` on the phone, `id` sent back as ButtonPayload when tapped.'),
  })
  .meta({ id: 'ContentTemplate' }) satisfies z.ZodType<TContentTemplate>;
