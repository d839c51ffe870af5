/**
 * Every activity the Temporal worker runs, built from the dependencies it is given. Each
 * is a thin call into the feature that owns the work; workflows see only the `Activities`
 * interface of the contract, never this module.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { loadCampaignBatch } from '../features/campaigns/load-campaign-batch.js';
import { recordCampaignProgress } from '../features/campaigns/record-campaign-progress.js';
import { startContactBatch } from '../features/launch/start-contact-batch.js';
import { migrateContactBatch } from '../features/runs/migrate-contact-batch.js';
import { recordContactProgress } from '../features/runs/record-contact-progress.js';
import { stopContactBatch } from '../features/runs/stop-contact-batch.js';
import type { Activities } from '../workflows/contract/index.js';
import { createClassifyReplyIntent, type ClassifyReplyIntentDeps } from './classify-reply-intent.js';
import { createEnqueueSend } from './enqueue-send.js';
import { createSendMessage, type SendMessageDeps } from './send-message.js';

export interface ActivityDeps extends SendMessageDeps, ClassifyReplyIntentDeps {
  temporal: Client;
  taskQueue: string;
  /** Operator-set workspace weights (FAIR_SHARE_WEIGHTS), for the workflows the launcher starts. */
  weights?: Readonly<Record<string, number>>;
}

export function createActivities(deps: ActivityDeps): Activities {
  return {
    sendMessage: createSendMessage(deps),
    enqueueSend: createEnqueueSend(deps),
    recordContactProgress: (progress) => recordContactProgress(deps.db, progress),
    classifyReplyIntent: createClassifyReplyIntent(deps),
    startContactBatch: (input) => startContactBatch(deps, input),
    stopContactBatch: (input) => stopContactBatch(deps, input),
    migrateContactBatch: (input) =>
      migrateContactBatch(
        {
          ...deps,
          onUnasked: (contactId, error) =>
            Context.current().log.warn('contact not migrated', { contactId, error: String(error) }),
        },
        input,
      ),
    loadCampaignBatch: (input) => loadCampaignBatch(deps, input),
    recordCampaignProgress: (input) => recordCampaignProgress(deps, input),
  };
}
