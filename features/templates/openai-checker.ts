import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { createOpenAiClient, type TOpenAiOptions } from '../../infra/openai.js';
import { AppError } from '../../infra/app-error.js';
import { issuesOf } from '../../infra/zod-issues.js';
import { reviewMessages } from './review-prompt.js';
import { VERDICTS, ZTemplateCategory, type TTemplateCheck, type TTemplateDraft } from './template-check.js';

// What the model must answer. Strict structured outputs want every key present, so the
// optional ones are nullable here and dropped when mapping to the API's shape.
const ZModelReview = z.object({
  verdict: z.enum(VERDICTS),
  issues: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['error', 'warning']),
      message: z.string(),
      suggestion: z.string().nullable(),
    }),
  ),
  suggestedCategory: ZTemplateCategory.nullable(),
});

const RESPONSE_FORMAT = zodResponseFormat(ZModelReview, 'template_review');
// The model's text is shown to users: bound it rather than trust it.
const MAX_ISSUES = 20;
const MAX_TEXT = 500;

export type TOpenAiCheckerOptions = TOpenAiOptions;

/** A 502; `cause` keeps the client's error for the log, never for the response. */
function upstream(message: string, details?: unknown, cause?: unknown): AppError {
  const error = new AppError('upstream_error', message, details);
  if (cause !== undefined) error.cause = cause;
  return error;
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** Parses the model's answer; anything but the agreed JSON is the upstream's fault, answered 502. */
function parseReview(
  content: string | null | undefined,
  refusal: string | null | undefined,
): z.infer<typeof ZModelReview> {
  if (refusal) throw upstream('The template checker refused to review this template.', { refusal: clip(refusal) });
  let json: unknown;
  try {
    json = JSON.parse(content ?? '');
  } catch {
    throw upstream('The template checker answered something that is not JSON.', undefined, {
      answer: clip(content ?? ''),
    });
  }
  const parsed = ZModelReview.safeParse(json);
  if (!parsed.success) {
    const problems = issuesOf(parsed.error).slice(0, 5);
    throw upstream('The template checker answered JSON of the wrong shape.', problems, { answer: clip(content ?? '') });
  }
  return parsed.data;
}

/**
 * A checker backed by OpenAI chat completions with a structured (JSON schema) answer.
 * Failures (network, timeout, HTTP errors, malformed answers) are AppError `upstream_error`
 * (502): we do not silently fall back to the rules, so a caller never mistakes a weaker
 * check for the one it configured.
 */
export function createOpenAiChecker(options: TOpenAiCheckerOptions) {
  const client = createOpenAiClient(options, 1);
  return async (draft: TTemplateDraft): Promise<TTemplateCheck> => {
    let completion: OpenAI.ChatCompletion;
    try {
      completion = await client.chat.completions.create({
        model: options.model,
        messages: reviewMessages(draft),
        // No temperature: reasoning models refuse any but the default, and OPENAI_MODEL may name one.
        response_format: RESPONSE_FORMAT,
      });
    } catch (error) {
      if (error instanceof OpenAI.APIError) {
        throw upstream(
          `The template checker is unavailable (${error.status === undefined ? error.name : `HTTP ${error.status}`}): try again later.`,
          undefined,
          error,
        );
      }
      throw error;
    }
    const message = completion.choices[0]?.message;
    const review = parseReview(message?.content, message?.refusal);
    return {
      verdict: review.verdict,
      issues: review.issues.slice(0, MAX_ISSUES).map((issue) => ({
        rule: clip(issue.rule),
        severity: issue.severity,
        message: clip(issue.message),
        ...(issue.suggestion ? { suggestion: clip(issue.suggestion) } : {}),
      })),
      ...(review.suggestedCategory && review.suggestedCategory !== draft.category
        ? { suggestedCategory: review.suggestedCategory }
        : {}),
      checker: 'openai',
      model: completion.model || options.model,
    };
  };
}
