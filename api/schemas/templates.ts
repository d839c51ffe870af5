import { z } from 'zod';
import {
  MAX_CONTENT_CHARS,
  VERDICTS,
  ZTemplateCategory,
  type TTemplateCheck,
} from '../../features/templates/template-check.js';
import { pageQuery, ZTimestamp, ZUuid } from './common.js';

const noNul = (value: string) => !value.includes('\0');
const ZName = z.string().trim().min(1).max(512).refine(noNul, 'must not contain NUL characters');
const ZContentText = z.string().max(MAX_CONTENT_CHARS).refine(noNul, 'must not contain NUL characters');
const ZContent = ZContentText.refine((value) => value.trim() !== '', 'must not be blank');
/** WhatsApp's codes (`en`, `en_US`, `pt_BR`) and BCP 47 tags (`en-US`). */
const ZLanguage = z
  .string()
  .max(35)
  .regex(/^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$/, 'must be a language code such as en, en_US or pt-BR');

// Only these fields are writable; zod drops the rest (workspaceId, userId, variables, approved...).
export const ZCreateTemplate = z.object({
  name: ZName,
  content: ZContent,
  category: ZTemplateCategory,
  language: ZLanguage.default('en'),
});
export const ZUpdateTemplate = z
  .object({
    name: ZName.optional(),
    content: ZContent.optional(),
    category: ZTemplateCategory.optional(),
    language: ZLanguage.optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'nothing to update: send name, content, category or language',
  );
// An unsaved draft may be blank or too long: saying so is the checker's job, not a 400.
export const ZValidateDraft = z.object({
  content: ZContentText,
  category: ZTemplateCategory,
  language: ZLanguage.default('en'),
  name: ZName.optional(),
});
export const ZTemplateListQuery = pageQuery(100, z.string()).extend({
  category: ZTemplateCategory.optional(),
  language: ZLanguage.optional(),
});
// Any string: a malformed id is answered 404 like a missing one, so ids cannot be probed.
export const ZTemplateIdParam = z.object({ id: z.string().describe('The template id (a UUID).') });

const ZTemplateCheckFields = z.object({
  verdict: z.enum(VERDICTS),
  issues: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['error', 'warning']),
      message: z.string(),
      suggestion: z.string().optional(),
    }),
  ),
  suggestedCategory: ZTemplateCategory.optional(),
  checker: z
    .enum(['openai', 'rules'])
    .describe('`rules` when no OPENAI_API_KEY is configured; OpenAI is always guarded by the rules.'),
  model: z.string().optional(),
  note: z.string().optional(),
}) satisfies z.ZodType<TTemplateCheck>;

export const ZTemplateCheck = ZTemplateCheckFields.meta({
  id: 'TemplateCheck',
  description: 'A check against WhatsApp template policy.',
});

export const ZTemplate = z
  .object({
    id: ZUuid,
    name: z.string(),
    content: z.string(),
    variables: z.array(z.string()).describe('The `{{name}}` placeholders of `content`.'),
    category: ZTemplateCategory,
    language: z.string(),
    approved: z.boolean().describe("The last check approved this exact content (not Meta's approval)."),
    validation: ZTemplateCheckFields.extend({ validatedAt: ZTimestamp })
      .nullable()
      .describe('The last check; cleared by an edit of content, category or language.'),
    contentSid: z.string().nullable(),
    userId: ZUuid,
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Template' });

export const ZTemplateBody = z.object({ template: ZTemplate });
