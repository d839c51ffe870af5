import { z } from 'zod';
import { ZE164, ZSendPolicyLayer, ZWhatsAppAddress } from '../../core/index.js';
import { ZSendPolicy, ZUuid } from './common.js';

/** The workspace's own layer of the send policy; unlike a journey's, unknown fields are refused. */
export const ZWorkspaceSendPolicy = ZSendPolicyLayer.strict();

/** Set a channel's number, or null to go back to the deployment's default sender. */
export const ZSenders = z
  .object({
    sms: ZE164.nullable().optional(),
    whatsapp: ZWhatsAppAddress.nullable().optional(),
  })
  .strict();

export const ZWorkspaceBody = z.object({
  workspace: z
    .object({
      id: ZUuid,
      name: z.string(),
      sendPolicy: ZSendPolicy,
      senders: z
        .object({ sms: z.string().optional(), whatsapp: z.string().optional() })
        .describe("The workspace's own numbers; absent: the deployment's default sender."),
    })
    .meta({ id: 'Workspace' }),
});
