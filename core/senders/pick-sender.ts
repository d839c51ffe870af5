import { hash32 } from '../split.js';
import { senderRate, type TPoolSender } from './sender-rate.js';

/**
 * The sender of a message to `phone` from `pool` (the workspace's senders on the message's
 * channel): the one it was first messaged from when it is still in the pool (sticky, so
 * replies come back to the number the contact knows), else one chosen by a hash of the
 * phone, weighted by the senders' rates so a short code takes more contacts than a long
 * code. Undefined for an empty pool (the deployment's default sender).
 */
export function pickSender<S extends TPoolSender>(
  pool: readonly S[],
  phone: string,
  sticky: string | null | undefined,
): S | undefined {
  if (pool.length === 0) return undefined;
  const kept = sticky ? pool.find((sender) => sender.address === sticky) : undefined;
  if (kept) return kept;
  // Ordered by address so every worker picks the same whatever order the rows came in.
  const ordered = [...pool].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const total = ordered.reduce((sum, sender) => sum + senderRate(sender), 0);
  let point = (hash32(phone) / 2 ** 32) * total;
  for (const sender of ordered) {
    point -= senderRate(sender);
    if (point < 0) return sender;
  }
  return ordered.at(-1);
}
