import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { consentKeyword } from '../../core/opt-out.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { contactWorkflowId, inboundSignal, stopSignal } from '../../workflows/contract/index.js';
import { applyConsent } from '../consent/apply-consent.js';
import { recordReplyConversions } from '../goals/record-reply-conversions.js';
import { replyWorkspaces, runningContacts, SHARED_SENDER_REPLY_WINDOW_MS, type TReplyAddress } from './reply-scope.js';

/** A stored InboundMessage row, as the webhook and the reply outbox hand it over. */
export interface TStoredReply extends TReplyAddress {
  id: string;
  messageSid: string;
  body?: string | null | undefined;
  payload?: string | null | undefined;
  receivedAt: Date;
}

/**
 * Applies a stored reply: a consent keyword (typed, not a button tap) changes the opt-out list of the workspaces the
 * number written to belongs to for this phone (and an opt-out stops their running contacts
 * of the phone); any other reply converts the phone's contacts whose journey's goal it
 * matches (recordReplyConversions) and is signalled to the running contacts of the phone,
 * both within the workspaces that wrote to it on the reply's channel (within the reply
 * window, counted from when the reply arrived, on a number they do not own). Marks the row signalled and
 * returns how many contacts were signalled. Safe to repeat: the opt-out list is a set, and a
 * workflow ignores a MessageSid it has seen. Throws when a signal fails (Temporal down): the
 * row stays unsignalled, for the reply outbox.
 */
export async function signalReply(deps: { db: Db; temporal: Client; logger: Logger }, reply: TStoredReply) {
  const body = reply.body ?? undefined;
  // A tapped quick-reply button (it has a payload) answers the message it came with: its
  // text is the button's title, chosen by the journey's author, so a "Cancel" or "Yes"
  // button is a choice, never an opt-out or opt-in keyword the phone typed.
  const consent = reply.payload ? undefined : consentKeyword(body);
  const scope = await replyWorkspaces(
    deps.db,
    reply,
    new Date(reply.receivedAt.getTime() - SHARED_SENDER_REPLY_WINDOW_MS),
  );
  if (consent) {
    const applied = await applyConsent(deps.db, reply.from, consent, scope.all);
    if (applied.consumed && consent.kind === 'opt_in') {
      await markSignalled(deps.db, reply.id, 0);
      deps.logger.info({ messageSid: reply.messageSid, keyword: consent.keyword }, 'opt-out lifted');
      return 0;
    }
  }
  const optOut = consent?.kind === 'opt_out' ? consent : undefined;
  let contacts: Awaited<ReturnType<typeof runningContacts>>;
  if (optOut) {
    // The opt-out list holds phones, not channels: every send of those workspaces to the
    // phone is held back from now on, so all their running contacts of it end.
    contacts = await runningContacts(deps.db, reply.from, scope.all);
  } else {
    const workspaces = scope.recent;
    // Together, and before the signals: a conversion recorded twice (the outbox retrying)
    // is recorded once.
    [, contacts] = await Promise.all([
      consent
        ? undefined
        : recordReplyConversions(deps.db, { ...reply, body, payload: reply.payload ?? undefined }, workspaces),
      runningContacts(deps.db, reply.from, workspaces, reply.channel),
    ]);
  }
  const signal = {
    messageSid: reply.messageSid,
    receivedAt: reply.receivedAt.toISOString(),
    ...(body !== undefined ? { text: body } : {}),
    ...(reply.payload ? { payload: reply.payload } : {}),
  };
  let signalled = 0;
  const results = await Promise.allSettled(
    contacts.map(async (contact) => {
      try {
        const handle = deps.temporal.workflow.getHandle(contactWorkflowId(contact.runId, contact.id));
        if (optOut) await handle.signal(stopSignal, { reason: `opted out (${optOut.keyword})` });
        else await handle.signal(inboundSignal, signal);
        signalled += 1;
      } catch (error) {
        // It ended between the query and the signal: nothing to move.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }),
  );
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  if (contacts.length === 0)
    deps.logger.info({ messageSid: reply.messageSid }, 'reply from a phone with no running contact');
  await markSignalled(deps.db, reply.id, signalled);
  return signalled;
}

async function markSignalled(db: Db, id: string, contactsSignalled: number): Promise<void> {
  await db.sql.execute`
    UPDATE "InboundMessage" SET "signalledAt" = now(), "contactsSignalled" = ${contactsSignalled} WHERE "id" = ${id}::uuid`;
}
