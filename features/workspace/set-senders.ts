import type { TChannel } from '../../core/journey/constants.js';
import { defaultKind } from '../../core/senders/sender-rate.js';
import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import type { TwilioClient } from '../../infra/twilio.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { getWorkspace } from './get-workspace.js';

/** Per channel: a number to send from, null for the deployment's default sender, absent to keep it. */
export interface TSenders {
  sms?: string | null | undefined;
  whatsapp?: string | null | undefined;
}

export interface SetSendersDeps {
  db: Db;
  /** The deployment's default senders (TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM): shared, never claimed. */
  defaultSenders: Record<TChannel, string>;
  /** With real Twilio credentials: the account a claimed number must be on. Unset in sandbox mode. */
  twilio?: TwilioClient | undefined;
}

const CHANNELS = ['sms', 'whatsapp'] as const;

/** The phone number of a sender address, without WhatsApp's `whatsapp:` prefix. */
function bareNumber(address: string): string {
  return address.replace(/^whatsapp:/i, '');
}

/**
 * Sets the number the workspace sends from on each channel given, in one transaction: the
 * channel's pool becomes that one number (see add-sender.ts for pools of several). A number belongs to one
 * workspace, so replies and STOPs to it reach that workspace only. The deployment's default
 * senders are shared by every workspace without a number of its own: claiming one would take
 * the others' replies and STOPs. With real Twilio credentials a number must be one of the
 * account's (IncomingPhoneNumbers). A WhatsApp sender is checked by its phone number there:
 * that holds for WhatsApp senders on Twilio numbers, not for one registered on a number
 * hosted elsewhere.
 * @throws AppError conflict when a number is a default sender or already another workspace's;
 *   invalid_input when it is not on the Twilio account; upstream_error when Twilio cannot say.
 */
export async function setSenders(deps: SetSendersDeps, workspaceId: string, input: TSenders) {
  const defaults = new Set(Object.values(deps.defaultSenders).map(bareNumber));
  for (const channel of CHANNELS) {
    const address = input[channel];
    if (address && defaults.has(bareNumber(address)))
      throw new AppError('conflict', "That number is the deployment's default sender, shared by every workspace.", [
        { path: channel, message: 'a default sender cannot be claimed by one workspace' },
      ]);
  }
  if (deps.twilio) await requireOnAccount(deps.twilio, input);
  await conflictOnDuplicate('That number already belongs to another workspace.', () =>
    deps.db.$transaction(async (tx) => {
      for (const channel of CHANNELS) {
        const address = input[channel];
        if (address === undefined) continue;
        // The channel's pool becomes this one number (null: none, the default sender).
        await tx.workspaceSender.deleteMany({
          where: { workspaceId, channel, ...(address === null ? {} : { address: { not: address } }) },
        });
        if (address !== null && !(await tx.workspaceSender.findFirst({ where: { workspaceId, channel, address } })))
          await tx.workspaceSender.create({
            data: { workspaceId, channel, address, kind: defaultKind(channel, address) },
          });
      }
    }),
  );
  return getWorkspace(deps.db, workspaceId);
}

/**
 * A number one workspace may claim: not a deployment default, and on the Twilio account
 * when there is one. A Messaging Service sid is not a number: not looked up.
 * @throws AppError conflict / invalid_input / upstream_error as setSenders.
 */
export async function requireClaimable(deps: SetSendersDeps, channel: TChannel, address: string): Promise<void> {
  if (/^MG/.test(address)) return;
  const defaults = new Set(Object.values(deps.defaultSenders).map(bareNumber));
  if (defaults.has(bareNumber(address)))
    throw new AppError('conflict', "That number is the deployment's default sender, shared by every workspace.", [
      { path: 'address', message: 'a default sender cannot be claimed by one workspace' },
    ]);
  if (deps.twilio) await requireOnAccount(deps.twilio, { [channel]: address });
}

/** Each number claimed is on the Twilio account. */
async function requireOnAccount(twilio: TwilioClient, input: TSenders): Promise<void> {
  for (const channel of CHANNELS) {
    const address = input[channel];
    if (!address) continue;
    const phoneNumber = bareNumber(address);
    let found: Array<{ phoneNumber: string }>;
    try {
      found = await twilio.incomingPhoneNumbers.list({ phoneNumber, limit: 20 });
    } catch (error) {
      throw new AppError('upstream_error', 'Twilio could not be asked whether that number is on the account.', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    // Twilio's PhoneNumber filter also matches parts of numbers: only the same number counts.
    if (!found.some((number) => number.phoneNumber === phoneNumber))
      throw new AppError('invalid_input', 'That number is not on the Twilio account.', [
        { path: channel, message: `${phoneNumber} is not one of the Twilio account's phone numbers` },
      ]);
  }
}
