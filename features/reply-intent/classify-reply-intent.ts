import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { createOpenAiClient, type TOpenAiOptions } from '../../infra/openai.js';
import { intentAnswers, offeredIntent, type TIntentOption } from '../../core/reply-intent.js';
import { IntentClassifierError } from './intent-classifier-error.js';
import { intentMessages } from './intent-prompt.js';

/**
 * What a classification came to. `matched`: the model named an offered intent branch.
 * `none`: it said no intent. `invalid`: it answered something else (not JSON, another
 * shape, an id the node does not offer); `refused`: it declined. The last two count as
 * no intent: a reply can never steer a contact onto a branch the node does not offer.
 */
export type TIntentOutcome = 'matched' | 'none' | 'invalid' | 'refused';

export interface TIntentClassification {
  /** Set only when `outcome` is `matched`: one of the offered intent branch ids. */
  branchId?: string;
  outcome: TIntentOutcome;
}

export type TIntentClassifier = (reply: string, intents: readonly TIntentOption[]) => Promise<TIntentClassification>;

export type TIntentClassifierOptions = TOpenAiOptions;

/** Replies longer than a message can be (Twilio's 1,600 characters) are cut before they are sent. */
const MAX_REPLY_CHARS = 1600;
const NONE: TIntentClassification = { outcome: 'none' };

// Client errors that another attempt would meet again; 408, 409, 429 and 5xx are worth retrying.
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 422]);

/** The one answer a classification may give: `{ "intent": <an intent branch id or "none"> }`, nothing else. */
function answerSchema(intents: readonly TIntentOption[]) {
  return z.strictObject({ intent: z.enum(intentAnswers(intents)) });
}

/** Reads the model's answer: exactly one offered intent id, anything else is no intent. */
export function readIntentAnswer(
  content: string | null | undefined,
  refusal: string | null | undefined,
  intents: readonly TIntentOption[],
): TIntentClassification {
  if (refusal) return { outcome: 'refused' };
  let json: unknown;
  try {
    json = JSON.parse(content ?? '');
  } catch {
    return { outcome: 'invalid' };
  }
  const parsed = answerSchema(intents).safeParse(json);
  if (!parsed.success) return { outcome: 'invalid' };
  const branchId = offeredIntent(parsed.data.intent, intents);
  return branchId === undefined ? NONE : { branchId, outcome: 'matched' };
}

/**
 * A classifier backed by OpenAI chat completions. The answer is constrained twice: the
 * response format is a JSON schema whose only field is an enum of the node's intent
 * branch ids and "none", and the answer is parsed again with zod against the same enum.
 * It makes one attempt (no client retries): the activity that calls it owns the retries.
 * @throws IntentClassifierError when the model cannot be asked or does not answer.
 */
export function createIntentClassifier(options: TIntentClassifierOptions): TIntentClassifier {
  const client = createOpenAiClient(options, 0);
  return async (reply, intents) => {
    if (intents.length === 0 || reply.trim() === '') return NONE;
    let completion: OpenAI.ChatCompletion;
    try {
      completion = await client.chat.completions.create({
        model: options.model,
        messages: intentMessages(reply.slice(0, MAX_REPLY_CHARS), intents),
        // No temperature: reasoning models refuse any but the default, and OPENAI_MODEL may name one.
        response_format: zodResponseFormat(answerSchema(intents), 'reply_intent'),
      });
    } catch (error) {
      if (error instanceof OpenAI.APIError) {
        const status = error.status === undefined ? error.name : `HTTP ${error.status}`;
        const permanent = error.status !== undefined && PERMANENT_STATUSES.has(error.status);
        throw new IntentClassifierError(`the intent classifier failed (${status})`, permanent, { cause: error });
      }
      throw error;
    }
    const message = completion.choices[0]?.message;
    return readIntentAnswer(message?.content, message?.refusal, intents);
  };
}
