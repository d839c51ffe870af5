/**
 * Every activity the Temporal worker runs, built from the dependencies it is given.
 * Workflows import the returned type only (`import type`), never this module's code.
 */
import { createSendMessage, type SendMessageDeps } from './send-message.js';

export type ActivityDeps = SendMessageDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    sendMessage: createSendMessage(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
