import { workspaceTaskPriority } from '../../core/fair-share.js';
import type { Client } from '@temporalio/client';
import type { TAudienceContact } from '../audience/index.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import {
  CampaignIdKey,
  campaignWorkflowId,
  type TCampaignInput,
  WorkspaceIdKey,
} from '../../workflows/contract/index.js';

export interface CampaignDeps {
  db: Db;
  temporal: Client;
  logger: Logger;
  taskQueue: string;
  /** Operator-set workspace weights (FAIR_SHARE_WEIGHTS): the campaign's share of the task queue. */
  weights?: Readonly<Record<string, number>>;
}

export interface CampaignRequest {
  workspaceId: string;
  userId: string;
  name: string;
  message: TCampaignInput['message'];
  recipients: readonly TAudienceContact[];
  batchSize: number;
}

/** Recipients per INSERT statement; each statement binds two arrays, whatever their length. */
const INSERT_CHUNK = 20_000;

/**
 * Creates the campaign and its recipients in one transaction, then starts its workflow.
 * If Temporal refuses the start, the campaign is marked failed with the reason and the
 * error propagates: nothing half-started.
 */
export async function createCampaign(deps: CampaignDeps, request: CampaignRequest): Promise<string> {
  const { message } = request;
  const campaignId = await deps.db.$transaction(
    async (tx) => {
      const campaign = await tx.campaign.create({
        data: {
          workspaceId: request.workspaceId,
          userId: request.userId,
          name: request.name,
          channel: message.channel,
          body: message.body ?? null,
          contentSid: message.contentSid ?? null,
          ...(message.contentVariables ? { contentVariables: message.contentVariables } : {}),
          status: 'queued',
          total: request.recipients.length,
        },
      });
      for (let start = 0; start < request.recipients.length; start += INSERT_CHUNK) {
        const chunk = request.recipients.slice(start, start + INSERT_CHUNK);
        await tx.$executeRaw`
          INSERT INTO "CampaignRecipient" ("campaignId", "workspaceId", "phone", "vars")
          SELECT ${campaign.id}::uuid, ${request.workspaceId}::uuid, phone, vars::jsonb
          FROM unnest(${chunk.map((r) => r.phone)}::text[], ${chunk.map((r) => JSON.stringify(r.vars))}::text[]) AS t(phone, vars)`;
      }
      return campaign.id;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  const input: TCampaignInput = { campaignId, workspaceId: request.workspaceId, message, batchSize: request.batchSize };
  try {
    await deps.temporal.workflow.start('campaignSend', {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue: deps.taskQueue,
      args: [input],
      // Its tasks and its sends' activities are shared fairly with other workspaces'.
      priority: workspaceTaskPriority(request.workspaceId, deps.weights),
      typedSearchAttributes: [
        { key: CampaignIdKey, value: campaignId },
        { key: WorkspaceIdKey, value: request.workspaceId },
      ],
    });
  } catch (error) {
    await deps.db.campaign.update({
      where: { id: campaignId },
      data: {
        status: 'failed',
        endedAt: new Date(),
        error: `could not start the campaign: ${(error as Error).message}`,
      },
    });
    throw error;
  }
  deps.logger.info({ campaignId, recipients: request.recipients.length }, 'campaign started');
  return campaignId;
}
