import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TChannel } from '../../core/journey/constants.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { consentKeyword } from '../../core/opt-out.js';
import { contactWorkflowId, inboundSignal, stopSignal } from '../../workflows/contract/index.js';
import { applyConsent } from '../consent/apply-consent.js';

export interface TInboundMessage {
  messageSid: string;
  from: string;
  to: string;
  channel: TChannel;
  body?: string;
  payload?: string;
}

/**
 * Which workspaces a reply to our number `to` belongs to: the workspace that owns the
 * number, or, for the deployment's shared default sender, every workspace without a
 * number of its own on that channel. As a Prisma filter on rows with a workspace.
 */
export async function workspaceScope(
  db: Db,
  to: string,
  channel: TChannel,
): Promise<{ workspaceId: string } | { workspace: { senders: { none: { channel: TChannel } } } }> {
  const owner = await db.workspaceSender.findUnique({ where: { address: to }, select: { workspaceId: true } });
  return owner ? { workspaceId: owner.workspaceId } : { workspace: { senders: { none: { channel } } } };
}

export interface InboundOutcome {
  duplicate: boolean;
  contactsSignalled: number;
}

/**
 * Stores a reply, then signals every contact of that phone whose workflow is running.
 * The row is written before anything else, so an acknowledged reply is never lost; a
 * Twilio retry of a reply already signalled is recognised by its MessageSid and does
 * nothing, and one whose signalling failed is signalled again (the workflow itself
 * ignores a MessageSid it has seen). Contacts decide for themselves whether the reply
 * moves them: only one waiting for a reply is moved. STOP and its kin put the phone on the
 * opt-out list and stop its running contacts instead; START lifts an opt-out. All of it only
 * within the workspaces the number written to belongs to (workspaceScope).
 */
export async function receiveInbound(
  deps: { db: Db; temporal: Client; logger: Logger },
  message: TInboundMessage,
): Promise<InboundOutcome> {
  const stored = await deps.db.inboundMessage.upsert({
    where: { messageSid: message.messageSid },
    create: {
      messageSid: message.messageSid,
      from: message.from,
      to: message.to,
      channel: message.channel,
      body: message.body ?? null,
      payload: message.payload ?? null,
    },
    update: {},
  });
  if (stored.signalledAt) return { duplicate: true, contactsSignalled: stored.contactsSignalled };

  const scope = await workspaceScope(deps.db, message.to, message.channel);
  const consent = consentKeyword(message.body);
  const applied = consent ? await applyConsent(deps.db, message.from, consent, scope) : undefined;
  if (applied?.consumed && consent?.kind === 'opt_in') {
    await deps.db.inboundMessage.update({ where: { id: stored.id }, data: { signalledAt: new Date() } });
    deps.logger.info({ messageSid: message.messageSid, keyword: consent.keyword }, 'opt-out lifted');
    return { duplicate: false, contactsSignalled: 0 };
  }

  const contacts = await deps.db.contact.findMany({
    where: { phone: message.from, endedAt: null, state: { not: 'queued' }, ...scope },
    select: { id: true, runId: true },
  });
  const signal = {
    messageSid: message.messageSid,
    receivedAt: stored.receivedAt.toISOString(),
    ...(message.body !== undefined ? { text: message.body } : {}),
    ...(message.payload !== undefined ? { payload: message.payload } : {}),
  };
  let signalled = 0;
  await Promise.all(
    contacts.map(async (contact) => {
      try {
        const handle = deps.temporal.workflow.getHandle(contactWorkflowId(contact.runId, contact.id));
        // An opt-out ends the phone's running contacts; any other reply is theirs to match.
        if (consent?.kind === 'opt_out') await handle.signal(stopSignal, { reason: `opted out (${consent.keyword})` });
        else await handle.signal(inboundSignal, signal);
        signalled += 1;
      } catch (error) {
        // It ended between the query and the signal: nothing to move.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }),
  );
  if (contacts.length === 0)
    deps.logger.info({ messageSid: message.messageSid }, 'reply from a phone with no running contact');
  await deps.db.inboundMessage.update({
    where: { id: stored.id },
    data: { signalledAt: new Date(), contactsSignalled: signalled },
  });
  return { duplicate: false, contactsSignalled: signalled };
}
