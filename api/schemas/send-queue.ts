import { z } from 'zod';
import type { TWorkspaceSendQueue } from '../../features/send-queue/read-send-queue.js';
import { ZUuid } from './common.js';

export const ZSendQueue = z
  .object({
    workspaceId: ZUuid,
    weight: z.number().describe("The workspace's share of the send rate against other workspaces' (1 unless set)."),
    depth: z.number().int().describe('Sends queued and not yet sent.'),
    oldestWaitSeconds: z.number().describe('How long the send that has waited longest has waited; 0 with none.'),
    admittedPerSecond: z.number().describe('Sends that left per second over the last 10 seconds.'),
  })
  .meta({ id: 'SendQueue' }) satisfies z.ZodType<TWorkspaceSendQueue>;
