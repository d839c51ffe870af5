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
  // Plain SQL: every reply of a launch comes through here, and Prisma's upsert, relation
  // filter and update were most of the webhook's CPU.
  const [stored] = await deps.db.sql.query<{
    id: string;
    receivedAt: Date;
    signalledAt: Date | null;
    contactsSignalled: number;
  }>`
    INSERT INTO "InboundMessage" ("messageSid", "from", "to", "channel", "body", "payload")
    VALUES (${message.messageSid}, ${message.from}, ${message.to}, ${message.channel}::"Channel", ${message.body ?? null}, ${message.payload ?? null})
    ON CONFLICT ("messageSid") DO UPDATE SET "messageSid" = EXCLUDED."messageSid"
    RETURNING "id", "receivedAt", "signalledAt", "contactsSignalled"`;
  if (!stored) throw new Error(`InboundMessage ${message.messageSid} was not stored`);
  if (stored.signalledAt) return { duplicate: true, contactsSignalled: stored.contactsSignalled };

  const consent = consentKeyword(message.body);
  if (consent) {
    const applied = await applyConsent(
      deps.db,
      message.from,
      consent,
      await workspaceScope(deps.db, message.to, message.channel),
    );
    if (applied.consumed && consent.kind === 'opt_in') {
      await markSignalled(deps.db, stored.id, 0);
      deps.logger.info({ messageSid: message.messageSid, keyword: consent.keyword }, 'opt-out lifted');
      return { duplicate: false, contactsSignalled: 0 };
    }
  }

  const contacts = await runningContacts(deps.db, message);
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
  await markSignalled(deps.db, stored.id, signalled);
  return { duplicate: false, contactsSignalled: signalled };
}

/**
 * The running contacts of the phone a reply came from, within the workspaces the number it
 * was sent to belongs to: the number's owner, or for the shared default sender every
 * workspace without a number of its own on that channel (workspaceScope, in SQL).
 */
function runningContacts(db: Db, message: TInboundMessage): Promise<Array<{ id: string; runId: string }>> {
  return db.sql.query`
    SELECT c."id", c."runId" FROM "Contact" c
    WHERE c."phone" = ${message.from} AND c."endedAt" IS NULL AND c."state" <> 'queued'
      AND CASE
        WHEN EXISTS (SELECT 1 FROM "WorkspaceSender" s WHERE s."address" = ${message.to})
          THEN c."workspaceId" IN (SELECT s."workspaceId" FROM "WorkspaceSender" s WHERE s."address" = ${message.to})
        ELSE NOT EXISTS (
          SELECT 1 FROM "WorkspaceSender" s WHERE s."workspaceId" = c."workspaceId" AND s."channel" = ${message.channel}::"Channel")
      END`;
}

async function markSignalled(db: Db, id: string, contactsSignalled: number): Promise<void> {
  await db.sql.execute`
    UPDATE "InboundMessage" SET "signalledAt" = now(), "contactsSignalled" = ${contactsSignalled} WHERE "id" = ${id}::uuid`;
}
