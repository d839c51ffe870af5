import { AppError } from '../../infra/app-error.js';
import type { Logger } from '../../infra/logger.js';
import type { TTemplateCheck, TTemplateChecker, TTemplateDraft } from './template-check.js';

/**
 * Checks a draft against WhatsApp policy; nothing is stored. Why an upstream checker
 * failed is logged here: the 502 it answers says only that it did.
 */
export async function checkDraft(
  deps: { check: TTemplateChecker; logger: Logger },
  draft: TTemplateDraft,
): Promise<TTemplateCheck> {
  try {
    return await deps.check(draft);
  } catch (error) {
    if (error instanceof AppError && error.code === 'upstream_error')
      deps.logger.warn({ err: error, cause: error.cause }, 'template checker failed');
    throw error;
  }
}
