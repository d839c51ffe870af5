import type { TConfig } from '../../infra/config.js';
import { createOpenAiChecker } from './openai-checker.js';
import { checkTemplateRules, findRuleIssues } from './rule-checker.js';
import { guardWithRules } from './rule-guard.js';
import type { TTemplateChecker } from './template-check.js';

export type TCheckerConfig = Pick<TConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'OPENAI_TIMEOUT_MS'>;

/**
 * The template checker this configuration asks for: OpenAI guarded by the rule checker's
 * hard errors when OPENAI_API_KEY is set, otherwise the rule checker alone (offline,
 * deterministic, and what tests and the sandbox get by default).
 */
export function createTemplateChecker(config: TCheckerConfig): TTemplateChecker {
  if (!config.OPENAI_API_KEY) return async (draft) => checkTemplateRules(draft);
  const review = createOpenAiChecker({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  });
  return async (draft) => guardWithRules(await review(draft), findRuleIssues(draft));
}
