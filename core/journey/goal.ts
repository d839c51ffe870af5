import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { branchMatches, type TReply } from '../reply-match.js';
import type { TCompileReplyRegex } from '../reply-regex.js';
import { checkReplyRule, EXACT_REPLY_MATCHES, ZDuration } from './node-schemas.js';

/**
 * An event name an integration posts (`POST /api/events`): letters, digits and `_ . : -`,
 * starting with a letter or digit, so `order.paid` and `signup:completed` are names but a
 * stray space or an empty string is not.
 */
export const ZGoalEventName = z
  .string()
  .max(100, 'an event name has at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
    'an event name starts with a letter or digit and uses letters, digits and _ . : - only',
  );

/** A goal reached by a reply that matches the rule, as a reply branch matches. */
export const ZReplyGoal = z
  .object({
    kind: z.literal('reply'),
    match: z.enum(EXACT_REPLY_MATCHES),
    value: z.string().optional(),
    window: ZDuration,
  })
  .superRefine((goal, ctx) => checkReplyRule(goal, ctx, 'goal'));

/** A goal reached when an integration posts the event for the contact's phone. */
export const ZEventGoal = z.object({ kind: z.literal('event'), event: ZGoalEventName, window: ZDuration });

/**
 * What a journey counts as a conversion: a reply matching a rule, or an event posted for the
 * contact's phone, within `window` (an ISO-8601 duration) of the contact's start. A contact
 * converts once per run.
 */
export const ZJourneyGoal = z.discriminatedUnion('kind', [ZReplyGoal, ZEventGoal]);

export type TReplyGoal = z.infer<typeof ZReplyGoal>;
export type TEventGoal = z.infer<typeof ZEventGoal>;
export type TJourneyGoal = z.infer<typeof ZJourneyGoal>;

/** What happened for a contact's phone: a reply, or an event an integration posted. */
export type TGoalOutcome = { kind: 'reply'; reply: TReply } | { kind: 'event'; event: string };

/** The goal's window in milliseconds. @throws Error on a window ZJourneyGoal refuses. */
export function goalWindowMs(goal: TJourneyGoal): number {
  const parsed = parseDuration(goal.window);
  if (!parsed.ok) throw new Error(`invalid goal window ${goal.window}: ${parsed.reason}`);
  return parsed.ms;
}

/**
 * Whether `outcome`, at `atMs`, converts a contact that started at `startedAtMs`: it is the
 * goal's kind and matches it (the reply rule, matched as branches match with `compile`; the
 * event name exactly), no earlier than the start and no later than the window's end.
 */
export function reachesGoal(
  goal: TJourneyGoal,
  outcome: TGoalOutcome,
  times: { startedAtMs: number; atMs: number },
  compile: TCompileReplyRegex,
): boolean {
  if (times.atMs < times.startedAtMs || times.atMs > times.startedAtMs + goalWindowMs(goal)) return false;
  if (goal.kind === 'event') return outcome.kind === 'event' && outcome.event === goal.event;
  return (
    outcome.kind === 'reply' &&
    branchMatches({ id: 'goal', match: goal.match, value: goal.value }, outcome.reply, compile)
  );
}
