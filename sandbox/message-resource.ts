import type { Prisma } from '../infra/db.js';
import { countSegments } from '../core/segments.js';
import { channelOf } from './phone.js';

export type SandboxMessageRow = Prisma.SandboxMessageModel;

export const API_VERSION = '2010-04-01';

/** Twilio's date format: `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/ GMT$/, ' +0000');
}

export function messagesPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages.json`;
}

export function messagePath(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** Twilio's Message resource JSON for a stored row. */
export function toMessageResource(row: SandboxMessageRow, extra: { messagingServiceSid?: string | null } = {}) {
  const body = row.body ?? '';
  return {
    account_sid: row.accountSid,
    api_version: API_VERSION,
    body,
    date_created: rfc2822(row.dateCreated),
    date_sent: row.dateSent ? rfc2822(row.dateSent) : null,
    date_updated: rfc2822(row.dateUpdated),
    direction: row.direction,
    error_code: row.errorCode ?? null,
    error_message: row.errorMessage ?? null,
    from: row.from,
    messaging_service_sid: extra.messagingServiceSid ?? row.messagingServiceSid ?? null,
    num_media: String(row.numMedia),
    num_segments: String(countSegments(body, channelOf(row.to))),
    price: null,
    price_unit: 'USD',
    sid: row.sid,
    status: row.status,
    subresource_uris: {
      media: `/${API_VERSION}/Accounts/${row.accountSid}/Messages/${row.sid}/Media.json`,
    },
    to: row.to,
    uri: messagePath(row.accountSid, row.sid),
  };
}

export type MessageResource = ReturnType<typeof toMessageResource>;
