import { checkDraft } from '../../features/templates/check-draft.js';
import { checkTemplate } from '../../features/templates/check-template.js';
import { createTemplate } from '../../features/templates/create-template.js';
import { createTemplateChecker } from '../../features/templates/create-template-checker.js';
import { deleteTemplate } from '../../features/templates/delete-template.js';
import { getTemplate } from '../../features/templates/get-template.js';
import { listTemplates } from '../../features/templates/list-templates.js';
import { updateTemplate } from '../../features/templates/update-template.js';
import type { ApiServices } from '../app.js';
import { limitSmallBody } from '../middleware/body-limit.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { page } from '../schemas/common.js';
import {
  ZCreateTemplate,
  ZTemplate,
  ZTemplateBody,
  ZTemplateCheck,
  ZTemplateIdParam,
  ZTemplateListQuery,
  ZUpdateTemplate,
  ZValidateDraft,
} from '../schemas/templates.js';

// A template is at most a few KiB of text; anything far bigger is not one.
const TEMPLATE_BODY_LIMIT_BYTES = 64 * 1024;

const base = { tag: 'Templates', access: 'session' } as const;
const one = json(ZTemplateBody, 'The template.');
const verdict = json(ZTemplateCheck, 'The verdict.');

/** `/templates`: CRUD on the caller's workspace's WhatsApp templates, and policy checks. Mount behind requireAuth. */
export function templateRoutes({ config, db }: Pick<ApiServices, 'config' | 'db'>) {
  const check = createTemplateChecker(config);
  const limit = limitSmallBody(TEMPLATE_BODY_LIMIT_BYTES);
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/validate',
        operationId: 'checkTemplateDraft',
        summary: 'Check a draft against WhatsApp policy',
        description: 'Nothing is stored. 502 when OpenAI fails or answers nonsense: there is no silent fallback.',
        middleware: limit,
        request: { body: jsonBody(ZValidateDraft) },
        responses: { 200: verdict },
        errors: [400, 415, 502],
      }),
      async (c) => c.json(await checkDraft({ check, logger: c.get('logger') }, c.req.valid('json')), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'createTemplate',
        summary: 'Create a template',
        description: 'A name is unique per language in the workspace (409).',
        middleware: limit,
        request: { body: jsonBody(ZCreateTemplate) },
        responses: { 201: one },
        errors: [400, 409, 415],
      }),
      async (c) => c.json(await createTemplate(db, c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listTemplates',
        summary: 'List templates',
        description: 'Newest first.',
        request: { query: ZTemplateListQuery },
        responses: { 200: json(page(ZTemplate), 'One page.') },
        errors: [400],
      }),
      async (c) => c.json(await listTemplates(db, c.get('auth').workspaceId, c.req.valid('query')), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/{id}',
        operationId: 'getTemplate',
        summary: 'Get a template',
        request: { params: ZTemplateIdParam },
        responses: { 200: one },
        errors: [404],
      }),
      async (c) => c.json(await getTemplate(db, c.get('auth').workspaceId, c.req.valid('param').id), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'put',
        path: '/{id}',
        operationId: 'updateTemplate',
        summary: 'Update a template',
        description: 'Only the fields sent change; a change of content, category or language clears the last check.',
        middleware: limit,
        request: { params: ZTemplateIdParam, body: jsonBody(ZUpdateTemplate) },
        responses: { 200: one },
        errors: [400, 404, 409, 415],
      }),
      async (c) => {
        const { workspaceId } = c.get('auth');
        return c.json(await updateTemplate(db, workspaceId, c.req.valid('param').id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'delete',
        path: '/{id}',
        operationId: 'deleteTemplate',
        summary: 'Delete a template',
        request: { params: ZTemplateIdParam },
        responses: { 204: { description: 'Deleted.' } },
        errors: [404],
      }),
      async (c) => {
        await deleteTemplate(db, c.get('auth').workspaceId, c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/{id}/validate',
        operationId: 'checkTemplate',
        summary: 'Check a stored template and keep the verdict',
        description: '409 when the template changed while it was being checked.',
        request: { params: ZTemplateIdParam },
        responses: { 200: verdict },
        errors: [404, 409, 502],
      }),
      async (c) => {
        const deps = { db, check, logger: c.get('logger') };
        return c.json(await checkTemplate(deps, c.get('auth').workspaceId, c.req.valid('param').id), 200);
      },
    );
}
