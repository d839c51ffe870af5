import { z } from 'zod';
import { ZSendPolicyLayer } from '../../../core/index.js';
import { ZSenders, ZWorkspaceSendPolicy } from '../../routes/workspace.js';
import { ZUuid } from '../common.js';
import type { TApiOperation } from '../operation.js';

export const ZWorkspaceBody = z.object({
  workspace: z
    .object({
      id: ZUuid,
      name: z.string(),
      sendPolicy: ZSendPolicyLayer,
      senders: z
        .object({ sms: z.string().optional(), whatsapp: z.string().optional() })
        .describe("The workspace's own numbers; absent: the deployment's default sender."),
    })
    .meta({ id: 'Workspace' }),
});

const body = { 'application/json': ZWorkspaceBody };
const base = { tag: 'Workspace', security: 'bearer' } as const;

export const WORKSPACE_OPERATIONS: readonly TApiOperation[] = [
  {
    ...base,
    method: 'get',
    path: '/api/workspace',
    operationId: 'getWorkspace',
    summary: "The caller's workspace",
    success: { status: 200, description: 'The workspace.', content: body },
  },
  {
    ...base,
    method: 'put',
    path: '/api/workspace/send-policy',
    operationId: 'setSendPolicy',
    summary: 'Set the send policy (admins)',
    description: 'Send window, time zone, frequency cap. Applies to contacts started after the change.',
    request: { body: { 'application/json': ZWorkspaceSendPolicy } },
    success: { status: 200, description: 'The workspace.', content: body },
    errors: [400, 403, 415],
  },
  {
    ...base,
    method: 'put',
    path: '/api/workspace/senders',
    operationId: 'setSenders',
    summary: "Set the workspace's numbers (admins)",
    description:
      '`null` goes back to the default sender. A number belongs to one workspace (409): replies and STOPs to it reach that workspace only.',
    request: { body: { 'application/json': ZSenders } },
    success: { status: 200, description: 'The workspace.', content: body },
    errors: [400, 403, 409, 415],
  },
];
