import { z } from 'zod';

/** WhatsApp's limit on a template body, in characters. */
export const MAX_BODY_CHARS = 1024;
/** Longest content the API stores or checks: drafts may be over the body limit, and the checkers say so. */
export const MAX_CONTENT_CHARS = 4096;

export const TEMPLATE_CATEGORIES = ['marketing', 'utility', 'authentication'] as const;
export const VERDICTS = ['approve', 'reject', 'needs_changes'] as const;

export const ZTemplateCategory = z.enum(TEMPLATE_CATEGORIES);
export type TTemplateCategory = z.infer<typeof ZTemplateCategory>;
export type TVerdict = (typeof VERDICTS)[number];

/** What both checkers look at. `name` is optional: an unsaved draft may have none yet. */
export interface TTemplateDraft {
  name?: string | undefined;
  content: string;
  category: TTemplateCategory;
  language: string;
}

// Type aliases rather than interfaces: a stored check must be assignable to Prisma's JSON input type.
export type TTemplateIssue = {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  suggestion?: string;
};

/** The one answer shape of `POST /api/templates/validate`, whichever checker ran. */
export type TTemplateCheck = {
  verdict: TVerdict;
  issues: TTemplateIssue[];
  suggestedCategory?: TTemplateCategory;
  checker: 'openai' | 'rules';
  model?: string;
  /** Says how the verdict was reached when that is not obvious (no key configured, rule guard overrode the model). */
  note?: string;
};

/** A checker: the rule checker, or OpenAI guarded by the rule checker. */
export type TTemplateChecker = (draft: TTemplateDraft) => Promise<TTemplateCheck>;

const VERDICT_RANK: Record<TVerdict, number> = { approve: 0, needs_changes: 1, reject: 2 };

/** The stricter of two verdicts. */
export function worstVerdict(a: TVerdict, b: TVerdict): TVerdict {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

/** Any error rejects; warnings alone ask for changes; nothing approves. */
export function verdictOf(issues: readonly TTemplateIssue[]): TVerdict {
  if (issues.some((issue) => issue.severity === 'error')) return 'reject';
  return issues.length > 0 ? 'needs_changes' : 'approve';
}
