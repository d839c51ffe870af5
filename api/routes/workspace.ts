import { getWorkspace } from '../../features/workspace/get-workspace.js';
import { setSenders } from '../../features/workspace/set-senders.js';
import { setSendPolicy } from '../../features/workspace/set-send-policy.js';
import type { ApiServices } from '../app.js';
import { requireRole } from '../middleware/auth.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZSenders, ZWorkspaceBody, ZWorkspaceSendPolicy } from '../schemas/workspace.js';

const base = { tag: 'Workspace', access: 'session' } as const;
const workspace = json(ZWorkspaceBody, 'The workspace.');

/**
 * `/workspace`: the caller's workspace, its send policy (send window, time zone, frequency
 * cap; journeys override it field by field) and the numbers it sends from (replies and
 * STOPs to a number reach its workspace only). Only admins change them.
 */
export function workspaceRoutes({ db, config, twilio }: Pick<ApiServices, 'db' | 'config' | 'twilio'>) {
  const senders = {
    db,
    twilio,
    defaultSenders: { sms: config.TWILIO_SMS_FROM, whatsapp: config.TWILIO_WHATSAPP_FROM },
  };
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'getWorkspace',
        summary: "The caller's workspace",
        responses: { 200: workspace },
      }),
      async (c) => c.json(await getWorkspace(db, c.get('auth').workspaceId), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'put',
        path: '/send-policy',
        operationId: 'setSendPolicy',
        summary: 'Set the send policy (admins)',
        description: 'Send window, time zone, frequency cap. Applies to contacts started after the change.',
        middleware: requireRole('admin'),
        request: { body: jsonBody(ZWorkspaceSendPolicy) },
        responses: { 200: workspace },
        errors: [400, 403, 415],
      }),
      async (c) => c.json(await setSendPolicy(db, c.get('auth').workspaceId, c.req.valid('json')), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'put',
        path: '/senders',
        operationId: 'setSenders',
        summary: "Set the workspace's numbers (admins)",
        description:
          "`null` goes back to the default sender. A number belongs to one workspace (409), and is never one of the deployment's default senders (409); with a real Twilio account it must be on that account (400; for WhatsApp, its phone number). Replies and STOPs to it reach that workspace only.",
        middleware: requireRole('admin'),
        request: { body: jsonBody(ZSenders) },
        responses: { 200: workspace },
        errors: [400, 403, 409, 415, 502],
      }),
      async (c) => c.json(await setSenders(senders, c.get('auth').workspaceId, c.req.valid('json')), 200),
    );
}
