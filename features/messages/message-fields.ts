import type { Prisma } from '../../infra/db.js';

/**
 * The MessageLog fields the API shows: everything but workspaceId (always the caller's),
 * contentVariables (may carry personal data) and the send's internals (activity, lastAttemptAt).
 */
export const MESSAGE_FIELDS = {
  id: true,
  idempotencyKey: true,
  runId: true,
  contactId: true,
  campaignId: true,
  nodeId: true,
  phone: true,
  channel: true,
  body: true,
  contentSid: true,
  twilioSid: true,
  status: true,
  errorCode: true,
  error: true,
  attempts: true,
  isTest: true,
  createdAt: true,
  updatedAt: true,
  sentAt: true,
} as const satisfies Prisma.MessageLogSelect;
