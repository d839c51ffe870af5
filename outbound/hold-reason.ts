import type { Db } from '../infra/db.js';
import type { TSendRow } from './find-send.js';
import type { TMessageJob } from './message-job.js';

/** WhatsApp accepts free-form messages only this long after the contact last wrote. */
export const WHATSAPP_SESSION_MS = 24 * 60 * 60 * 1000;
const WHATSAPP_WINDOW_CODE = 63016;

export interface THeldSend {
  status: 'suppressed' | 'failed';
  reason: string;
  code?: number;
}

/**
 * Why a send must not go to Twilio, checked as late as possible before the call: a stop or
 * an opt-out also holds back sends already waiting in the queue (both read with the row,
 * findSend), and WhatsApp refuses a free-form body outside the contact's 24-hour session
 * (Twilio would fail it with 63016).
 */
export async function holdReason(
  db: Db,
  row: Pick<TSendRow, 'runStatus' | 'contactState' | 'campaignStatus' | 'optedOut'>,
  data: TMessageJob,
): Promise<THeldSend | undefined> {
  if (row.runStatus === 'stopped' || row.contactState === 'stopped' || row.campaignStatus === 'stopped') {
    return { status: 'suppressed', reason: 'stopped before it was sent' };
  }
  if (row.optedOut) return { status: 'suppressed', reason: 'recipient opted out' };
  if (data.channel === 'whatsapp' && data.body !== undefined) {
    const since = new Date(Date.now() - WHATSAPP_SESSION_MS);
    const lastInbound = await db.inboundMessage.findFirst({
      where: { from: data.to, channel: 'whatsapp', receivedAt: { gte: since } },
      select: { id: true },
    });
    if (!lastInbound) {
      return {
        status: 'failed',
        code: WHATSAPP_WINDOW_CODE,
        reason:
          'not sent: the contact has not written on WhatsApp in the last 24 hours, so WhatsApp accepts only an approved template (contentSid) here',
      };
    }
  }
  return undefined;
}
