import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { ZOverCap } from '../policy/send-policy.js';
import { replyRegexProblem } from '../regex-safety.js';
import { isVariableName } from '../render.js';
import {
  CHANNELS,
  ELSE_HANDLE,
  MAX_BODY_LENGTH,
  MAX_BUTTON_ID_LENGTH,
  MAX_BUTTON_TITLE_LENGTH,
  MAX_QUICK_REPLIES,
  MAX_INTENT_LENGTH,
  NO_INTENT,
  NO_MATCH_HANDLE,
  TIMEOUT_HANDLE,
} from './constants.js';
import { problemParams, type TProblemCode } from './problems.js';

type TCtx = z.RefinementCtx;

function addProblem(ctx: TCtx, code: TProblemCode, message: string, path: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message, path, params: problemParams(code) });
}

/** Handle and branch ids become React Flow handle ids and edge sourceHandles. */
export const ZHandleId = z.string().min(1, 'id must not be empty').max(100);
const ZLabel = z.string().max(200).optional();

/** An ISO-8601 duration accepted by parseDuration (positive, no years or months). */
export const ZDuration = z.string().superRefine((value, ctx) => {
  const parsed = parseDuration(value);
  if (!parsed.ok) addProblem(ctx, 'bad_duration', parsed.reason, []);
});

function requireUniqueIds(
  items: ReadonlyArray<{ id: string }>,
  reserved: readonly string[],
  ctx: TCtx,
  listKey = 'branches',
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (reserved.includes(item.id)) {
      addProblem(ctx, 'reserved_handle', `"${item.id}" is reserved for a built-in handle`, [listKey, i, 'id']);
    } else if (seen.has(item.id)) {
      addProblem(ctx, 'duplicate_branch_id', `id "${item.id}" is used twice in this node`, [listKey, i, 'id']);
    }
    seen.add(item.id);
  });
}

export const ZStartData = z.object({ label: ZLabel });
export const ZEndData = z.object({ label: ZLabel });

const bothMessage = 'a message has either a body or a contentSid, not both';

/**
 * A quick-reply button of a WhatsApp content template: `title` is what the phone shows,
 * `id` what Twilio posts back as ButtonPayload when it is tapped (a reply branch matches it
 * with `payload`). They copy the template's `actions` as created in Twilio's Content API.
 */
export const ZQuickReplyButton = z.object({
  id: z
    .string()
    .max(MAX_BUTTON_ID_LENGTH, `a button id has at most ${MAX_BUTTON_ID_LENGTH} characters`)
    .regex(/\S/, 'a button needs an id (its payload)'),
  title: z
    .string()
    .max(MAX_BUTTON_TITLE_LENGTH, `WhatsApp shows at most ${MAX_BUTTON_TITLE_LENGTH} characters of a button title`)
    .regex(/\S/, 'a button needs a title'),
});

/** Up to three buttons, no two with the same id (payload) or title (the phone could not tell them apart). */
const ZQuickReplyButtons = z
  .array(ZQuickReplyButton)
  .min(1, 'remove the buttons list or add a button')
  .max(MAX_QUICK_REPLIES, `a WhatsApp message carries at most ${MAX_QUICK_REPLIES} quick-reply buttons`)
  .superRefine((buttons, ctx) => {
    const ids = new Set<string>();
    const titles = new Set<string>();
    buttons.forEach((button, i) => {
      const id = button.id.trim().toLowerCase();
      const title = button.title.trim().toLowerCase();
      // Payload branches match case-insensitively, so ids differing in case are one button.
      if (ids.has(id)) addProblem(ctx, 'duplicate_button', `button id "${button.id}" is used twice`, [i, 'id']);
      if (titles.has(title))
        addProblem(ctx, 'duplicate_button', `button title "${button.title}" is used twice`, [i, 'title']);
      ids.add(id);
      titles.add(title);
    });
  });

const ZTextMessageData = z.object({
  channel: z.enum(CHANNELS),
  body: z
    .string({ error: (iss) => (iss.input === undefined ? 'a message needs a body or a contentSid' : undefined) })
    .max(MAX_BODY_LENGTH, `body is longer than ${MAX_BODY_LENGTH} characters`)
    .regex(/\S/, 'body must not be blank'),
  contentSid: z.undefined({ error: bothMessage }).optional(),
  contentVariables: z.undefined({ error: 'contentVariables only go with a contentSid' }).optional(),
  buttons: z
    .undefined({
      error: 'quick-reply buttons go with a WhatsApp content template (contentSid): Twilio sends buttons only that way',
    })
    .optional(),
  overCap: ZOverCap.optional(),
  label: ZLabel,
});
const ZTemplateMessageData = z.object({
  channel: z.literal('whatsapp', { error: 'approved templates (contentSid) are WhatsApp only' }),
  contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'contentSid must look like HX followed by 32 hex digits'),
  contentVariables: z
    .record(z.string().regex(/^[1-9]\d*$/, 'template variable keys are "1", "2", ...'), z.string())
    .default({}),
  /** The template's quick-reply buttons, when it has some: the builder offers them as reply branches. */
  buttons: ZQuickReplyButtons.optional(),
  body: z.undefined({ error: bothMessage }).optional(),
  overCap: ZOverCap.optional(),
  label: ZLabel,
});
/** Free text (body with {{var}} placeholders) or an approved WhatsApp template. */
export const ZMessageData = z.union([ZTextMessageData, ZTemplateMessageData]);

export const ZWaitData = z.object({ duration: ZDuration, label: ZLabel });

/**
 * How a reply branch matches. `intent` asks the AI model whether the reply expresses the
 * branch's value (a description such as "agrees to the appointment"); the others match
 * the text or button payload exactly (core/reply-match.ts) and are tried first. A journey's
 * goal takes the exact kinds only.
 */
export const EXACT_REPLY_MATCHES = ['equals', 'contains', 'regex', 'payload', 'any'] as const;
export const REPLY_MATCHES = [...EXACT_REPLY_MATCHES, 'intent'] as const;
export type TExactReplyMatch = (typeof EXACT_REPLY_MATCHES)[number];

/**
 * The rules a reply rule (a branch's, or a journey goal's) is held to: a value for every
 * kind but `any` (for `intent` a description of bounded length), and for `regex` a pattern
 * RE2 compiles. `what` names it in messages.
 */
export function checkReplyRule(
  rule: { match: (typeof REPLY_MATCHES)[number]; value?: string | undefined },
  ctx: TCtx,
  what = 'branch',
): void {
  if (rule.match === 'any') return;
  if (rule.value === undefined || rule.value.trim() === '') {
    const needs = rule.match === 'intent' ? 'a description of the intent' : 'a value';
    addProblem(ctx, 'bad_value', `a "${rule.match}" ${what} needs ${needs}`, ['value']);
    return;
  }
  if (rule.match === 'intent' && rule.value.length > MAX_INTENT_LENGTH) {
    const message = `an intent is described in at most ${MAX_INTENT_LENGTH} characters (this one has ${rule.value.length})`;
    addProblem(ctx, 'bad_value', message, ['value']);
  }
  const regexProblem = rule.match === 'regex' ? replyRegexProblem(rule.value) : undefined;
  if (regexProblem !== undefined) addProblem(ctx, 'bad_regex', regexProblem, ['value']);
}

export const ZReplyBranch = z
  .object({ id: ZHandleId, match: z.enum(REPLY_MATCHES), value: z.string().optional() })
  .superRefine((branch, ctx) => checkReplyRule(branch, ctx));

/**
 * The rules intent branches add to a node: "none" is the classifier's answer for no
 * intent, so no intent branch may be called that; and an "any" branch would take every
 * reply before the model is asked, so the two do not mix (the noMatch handle is where
 * other replies go).
 */
function checkIntentBranches(branches: readonly TReplyBranch[], ctx: TCtx): void {
  if (!branches.some((b) => b.match === 'intent')) return;
  branches.forEach((branch, i) => {
    if (branch.match === 'intent' && branch.id === NO_INTENT) {
      const message = `"${NO_INTENT}" is the classifier's answer for no intent: give this intent branch another id`;
      addProblem(ctx, 'reserved_handle', message, ['branches', i, 'id']);
    }
    if (branch.match === 'any') {
      const message =
        'an "any" branch takes every reply before the intent branches are asked: draw the "no match" handle for other replies instead';
      addProblem(ctx, 'intent_with_any', message, ['branches', i, 'match']);
    }
  });
}

export const ZWaitForReplyData = z
  .object({
    timeout: ZDuration,
    branches: z.array(ZReplyBranch).min(1, 'add at least one reply branch'),
    label: ZLabel,
  })
  .superRefine((data, ctx) => {
    requireUniqueIds(data.branches, [TIMEOUT_HANDLE, NO_MATCH_HANDLE], ctx);
    checkIntentBranches(data.branches, ctx);
  });

export const CONDITION_OPS = ['equals', 'notEquals', 'contains', 'exists', 'gt', 'lt'] as const;
export const ZConditionRule = z
  .object({
    id: ZHandleId,
    variable: z
      .string()
      .refine(isVariableName, 'variable names start with a letter or _ and use letters, digits, _ . -'),
    op: z.enum(CONDITION_OPS),
    value: z.string().optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.op === 'exists') return;
    if (rule.value === undefined || rule.value.trim() === '') {
      addProblem(ctx, 'bad_value', `a "${rule.op}" rule needs a value`, ['value']);
    } else if ((rule.op === 'gt' || rule.op === 'lt') && !Number.isFinite(Number(rule.value))) {
      addProblem(ctx, 'bad_value', `"${rule.op}" compares numbers but "${rule.value}" is not one`, ['value']);
    }
  });

export const ZConditionData = z
  .object({ rules: z.array(ZConditionRule).min(1, 'add at least one rule'), label: ZLabel })
  .superRefine((data, ctx) => requireUniqueIds(data.rules, [ELSE_HANDLE], ctx, 'rules'));

export const ZSplitBranch = z.object({
  id: ZHandleId,
  percent: z.number().int('percent must be a whole number').min(0).max(100),
});

export const ZSplitData = z
  .object({ branches: z.array(ZSplitBranch).min(1, 'add at least one branch'), label: ZLabel })
  .superRefine((data, ctx) => {
    requireUniqueIds(data.branches, [], ctx);
    const total = data.branches.reduce((sum, b) => sum + b.percent, 0);
    if (total !== 100) addProblem(ctx, 'split_sum', `split percents add up to ${total}, not 100`, ['branches']);
  });

export type TMessageData = z.infer<typeof ZMessageData>;
export type TQuickReplyButton = z.infer<typeof ZQuickReplyButton>;
export type TWaitData = z.infer<typeof ZWaitData>;
export type TReplyBranch = z.infer<typeof ZReplyBranch>;
export type TWaitForReplyData = z.infer<typeof ZWaitForReplyData>;
export type TConditionRule = z.infer<typeof ZConditionRule>;
export type TConditionData = z.infer<typeof ZConditionData>;
export type TSplitBranch = z.infer<typeof ZSplitBranch>;
export type TSplitData = z.infer<typeof ZSplitData>;
