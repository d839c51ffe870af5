import type { Client } from '@temporalio/client';
import type { TChannel } from '../../core/journey/constants.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { signalReply } from './signal-reply.js';

export interface TInboundMessage {
  messageSid: string;
  from: string;
  to: string;
  channel: TChannel;
  body?: string;
  payload?: string;
}

/**
 * How long the webhook has to signal a reply itself before the reply outbox may try too.
 * Twice would do no harm (signalling is idempotent); this only spares the work.
 */
export const INLINE_SIGNAL_GRACE_MS = 10_000;

export interface InboundOutcome {
  duplicate: boolean;
  contactsSignalled: number;
  /** Stored, but signalling failed: the reply outbox (signalPendingReplies) retries it. */
  pending: boolean;
}

/**
 * Stores a reply, then applies it (signalReply): consent keywords, and signals to the
 * running contacts of that phone that it belongs to. The row is written before anything
 * else, so an acknowledged reply is never lost: when signalling fails (Temporal down) the
 * row stays unsignalled and the reply outbox retries it until it is signalled. A Twilio
 * retry of a reply already signalled is recognised by its MessageSid and does nothing; one
 * whose signalling failed is tried again at once (the workflow ignores a MessageSid it has
 * seen).
 */
export async function receiveInbound(
  deps: { db: Db; temporal: Client; logger: Logger },
  message: TInboundMessage,
): Promise<InboundOutcome> {
  // Plain SQL: every reply of a launch comes through here, and Prisma's upsert, relation
  // filter and update were most of the webhook's CPU.
  const [stored] = await deps.db.sql.query<{
    id: string;
    receivedAt: Date;
    signalledAt: Date | null;
    contactsSignalled: number;
  }>`
    INSERT INTO "InboundMessage" ("messageSid", "from", "to", "channel", "body", "payload", "nextSignalAt")
    VALUES (${message.messageSid}, ${message.from}, ${message.to}, ${message.channel}::"Channel", ${message.body ?? null}, ${message.payload ?? null},
            now() + ${INLINE_SIGNAL_GRACE_MS} * interval '1 millisecond')
    ON CONFLICT ("messageSid") DO UPDATE SET "messageSid" = EXCLUDED."messageSid"
    RETURNING "id", "receivedAt", "signalledAt", "contactsSignalled"`;
  if (!stored) throw new Error(`InboundMessage ${message.messageSid} was not stored`);
  if (stored.signalledAt) return { duplicate: true, contactsSignalled: stored.contactsSignalled, pending: false };

  try {
    const signalled = await signalReply(deps, { ...message, id: stored.id, receivedAt: stored.receivedAt });
    return { duplicate: false, contactsSignalled: signalled, pending: false };
  } catch (error) {
    deps.logger.warn(
      { err: error, messageSid: message.messageSid },
      'reply stored but not signalled: the reply outbox will retry it',
    );
    return { duplicate: false, contactsSignalled: 0, pending: true };
  }
}
