/**
 * A reply that reaches a contact just before it waits for one: kept for that wait when it
 * is recent and answers the contact's latest message. Pure: the caller passes the time.
 */

/**
 * How old a reply kept from before a wait-for-reply node may be, when the contact reaches
 * that node, and still count: 5 minutes. The gap it covers is the workflow's, not the
 * person's: between a message leaving and the contact reaching its wait, the outcome
 * signal comes only after Twilio accepted the send (a reply can overtake it), a workflow
 * task may wait behind a backlog, or be retried after a worker dies (10 s task timeout,
 * then a restart) or a redeploy: seconds as a rule, a minute or two on a bad day. Five
 * minutes covers that with room, while a reply that sat through a longer wait the journey
 * drew between its question and the wait-for-reply node is not taken as an answer to it.
 * A reply from before the contact's latest message never counts, however recent.
 */
export const REPLY_GRACE_MS = 5 * 60_000;

/** Replies kept from before a wait, at most: the latest ones, so a chatty phone costs nothing more. */
export const EARLY_REPLY_LIMIT = 5;

/** What the grace rules read of a reply. */
export interface TTimedReply {
  messageSid: string;
  /** ISO time the reply reached us. */
  receivedAt: string;
}

/** `kept` with `reply` added: one per MessageSid, the latest EARLY_REPLY_LIMIT by arrival. */
export function keepEarlyReply<T extends TTimedReply>(kept: readonly T[], reply: T): T[] {
  if (kept.some((other) => other.messageSid === reply.messageSid)) return [...kept];
  return [...kept, reply].slice(-EARLY_REPLY_LIMIT);
}

/**
 * The kept replies a wait-for-reply node reached at `nowMs` takes, oldest first: those
 * received within REPLY_GRACE_MS of it and not before `lastSentMs`, when the contact's
 * latest message was queued (an older reply answers an earlier message).
 */
export function repliesForWait<T extends TTimedReply>(
  kept: readonly T[],
  at: { nowMs: number; lastSentMs: number },
): T[] {
  const since = Math.max(at.nowMs - REPLY_GRACE_MS, at.lastSentMs);
  return kept
    .map((reply) => ({ reply, ms: Date.parse(reply.receivedAt) }))
    .filter(({ ms }) => ms >= since)
    .sort((a, b) => a.ms - b.ms)
    .map(({ reply }) => reply);
}
