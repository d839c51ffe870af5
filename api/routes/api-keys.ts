import { createApiKey } from '../../features/api-keys/create-api-key.js';
import { listApiKeys } from '../../features/api-keys/list-api-keys.js';
import { revokeApiKey } from '../../features/api-keys/revoke-api-key.js';
import type { ApiServices } from '../app.js';
import { requireRole } from '../middleware/auth.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZApiKeyList, ZCreateApiKey, ZCreatedApiKey } from '../schemas/api-keys.js';
import { ZPathId } from '../schemas/common.js';

const base = { tag: 'Workspace', access: 'session', middleware: requireRole('admin') } as const;

/**
 * `/workspace/api-keys`: the workspace's keys for REST integrations (`Authorization: Bearer
 * ick_...`). Admins only, even to list them: who holds access is an admin's business.
 */
export function apiKeyRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listApiKeys',
        summary: "The workspace's API keys (admins)",
        description: 'Newest first. The keys themselves are never shown again after creation.',
        responses: { 200: json(ZApiKeyList, 'The keys, without their secret.') },
        errors: [403],
      }),
      async (c) => c.json({ items: await listApiKeys(db, c.get('auth').workspaceId) }, 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'createApiKey',
        summary: 'Create an API key (admins)',
        description:
          "Answers the key once: store it then. It acts as its creator, at `role` at most (never above the creator's), and is revoked with them.",
        request: { body: jsonBody(ZCreateApiKey) },
        responses: { 201: json(ZCreatedApiKey, 'The new key, shown this once.') },
        errors: [400, 403, 415],
      }),
      async (c) => {
        const created = await createApiKey(db, c.get('auth'), c.req.valid('json'));
        c.get('logger').info({ apiKeyId: created.apiKey.id, role: created.apiKey.role }, 'api key created');
        return c.json(created, 201);
      },
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'delete',
        path: '/{id}',
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key (admins)',
        description: 'The next request with the key is refused (401).',
        request: { params: ZPathId },
        responses: { 204: { description: 'Revoked.' } },
        errors: [403, 404],
      }),
      async (c) => {
        await revokeApiKey(db, c.get('auth').workspaceId, c.req.valid('param').id);
        c.get('logger').info({ apiKeyId: c.req.valid('param').id }, 'api key revoked');
        return c.body(null, 204);
      },
    );
}
