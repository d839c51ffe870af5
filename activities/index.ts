/**
 * Every activity the Temporal worker runs, built from the dependencies it is given.
 * Workflows import the returned type only (`import type`), never this module's code.
 */
import { createLoadCampaignBatch, createRecordCampaignProgress } from './campaign.js';
import { createRecordContactProgress } from './record-contact-progress.js';
import { createSendMessage, type SendMessageDeps } from './send-message.js';
import { createStartContactBatch, type LaunchDeps } from './start-contact-batch.js';
import { createStopContactBatch } from './stop-contact-batch.js';

export type ActivityDeps = SendMessageDeps & LaunchDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    sendMessage: createSendMessage(deps),
    recordContactProgress: createRecordContactProgress(deps),
    startContactBatch: createStartContactBatch(deps),
    stopContactBatch: createStopContactBatch(deps),
    loadCampaignBatch: createLoadCampaignBatch(deps),
    recordCampaignProgress: createRecordCampaignProgress(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
