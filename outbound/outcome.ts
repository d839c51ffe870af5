import type { MessageLog } from '../prisma/generated/client.js';
import type { TSendOutcome } from '../workflows/contract/index.js';

export type TOutcomeRow = Pick<MessageLog, 'id' | 'status' | 'twilioSid' | 'errorCode' | 'error' | 'attempts'>;

/** What a MessageLog row says about its send, in the shape workflows receive. */
export function outcomeFromLog(log: TOutcomeRow): TSendOutcome {
  const status =
    log.status === 'suppressed' || log.status === 'skipped'
      ? log.status
      : log.status === 'failed' && !log.twilioSid
        ? 'failed'
        : 'sent';
  return {
    status,
    messageLogId: log.id,
    attempts: log.attempts,
    ...(log.twilioSid ? { twilioSid: log.twilioSid } : {}),
    ...(log.errorCode !== null ? { errorCode: log.errorCode } : {}),
    ...(log.error !== null ? { error: log.error } : {}),
  };
}
