import type { TChannel } from '../../core/journey/constants.js';
import { defaultKind, type TSenderKind } from '../../core/senders/sender-rate.js';
import type { Db } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { requireClaimable, type SetSendersDeps } from '../workspace/set-senders.js';
import { checkSender } from './check-sender.js';
import { toSenderView, type TSenderView } from './sender-view.js';

export interface TNewSender {
  channel: TChannel;
  address: string;
  kind?: TSenderKind | undefined;
  ratePerSec?: number | null | undefined;
}

/**
 * Adds a sender to the workspace's pool: a number on one channel, or a Messaging Service sid.
 * Its kind defaults from the address (a short code, a WhatsApp number, an `MG...` sid, else a
 * long code); its rate to the kind's published figure.
 * @throws AppError invalid_input (checkSender, or not on the Twilio account), conflict when the
 *   number is a default sender or another workspace's (or already in this pool).
 */
export async function addSender(
  deps: SetSendersDeps & { db: Db },
  workspaceId: string,
  input: TNewSender,
): Promise<TSenderView> {
  const sender = {
    channel: input.channel,
    address: input.address,
    kind: input.kind ?? defaultKind(input.channel, input.address),
    ratePerSec: input.ratePerSec ?? null,
  };
  checkSender(sender);
  await requireClaimable(deps, sender.channel, sender.address);
  const row = await conflictOnDuplicate('That sender already belongs to a workspace.', () =>
    deps.db.workspaceSender.create({ data: { workspaceId, ...sender } }),
  );
  return toSenderView(row);
}
