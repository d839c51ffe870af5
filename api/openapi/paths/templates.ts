import { z } from 'zod';
import { VERDICTS, ZTemplateCategory, type TTemplateCheck } from '../../../features/templates/index.js';
import {
  ZCreateTemplate,
  ZTemplateIdParam,
  ZTemplateListQuery,
  ZUpdateTemplate,
  ZValidateDraft,
} from '../../routes/templates.js';
import { page, ZTimestamp, ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

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
const body = { 'application/json': ZTemplateBody };
const check = { 'application/json': ZTemplateCheck };
const base = { tag: 'Templates', security: 'bearer' } as const;

export const TEMPLATE_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'post',
    path: '/api/templates/validate',
    operationId: 'checkTemplateDraft',
    summary: 'Check a draft against WhatsApp policy',
    description: 'Nothing is stored. 502 when OpenAI fails or answers nonsense: there is no silent fallback.',
    request: { body: { 'application/json': ZValidateDraft } },
    success: { status: 200, description: 'The verdict.', content: check },
    errors: [400, 415, 502],
  },
  {
    ...base,
    method: 'post',
    path: '/api/templates',
    operationId: 'createTemplate',
    summary: 'Create a template',
    description: 'A name is unique per language in the workspace (409).',
    request: { body: { 'application/json': ZCreateTemplate } },
    success: { status: 201, description: 'The template.', content: body },
    errors: [400, 409, 415],
  },
  {
    ...base,
    method: 'get',
    path: '/api/templates',
    operationId: 'listTemplates',
    summary: 'List templates',
    description: 'Newest first.',
    request: { query: ZTemplateListQuery },
    success: { status: 200, description: 'One page.', content: { 'application/json': page(ZTemplate) } },
    errors: [400],
  },
  {
    ...base,
    method: 'get',
    path: '/api/templates/{id}',
    operationId: 'getTemplate',
    summary: 'Get a template',
    request: { path: ZTemplateIdParam },
    success: { status: 200, description: 'The template.', content: body },
    errors: [404],
  },
  {
    ...base,
    method: 'put',
    path: '/api/templates/{id}',
    operationId: 'updateTemplate',
    summary: 'Update a template',
    description: 'Only the fields sent change; a change of content, category or language clears the last check.',
    request: { path: ZTemplateIdParam, body: { 'application/json': ZUpdateTemplate } },
    success: { status: 200, description: 'The template.', content: body },
    errors: [400, 404, 409, 415],
  },
  {
    ...base,
    method: 'delete',
    path: '/api/templates/{id}',
    operationId: 'deleteTemplate',
    summary: 'Delete a template',
    request: { path: ZTemplateIdParam },
    success: { status: 204, description: 'Deleted.' },
    errors: [404],
  },
  {
    ...base,
    method: 'post',
    path: '/api/templates/{id}/validate',
    operationId: 'checkTemplate',
    summary: 'Check a stored template and keep the verdict',
    description: '409 when the template changed while it was being checked.',
    request: { path: ZTemplateIdParam },
    success: { status: 200, description: 'The verdict.', content: check },
    errors: [404, 409, 502],
  },
];
