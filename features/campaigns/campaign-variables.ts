import { BUILTIN_VARIABLES } from '../../core/journey/constants.js';
import { templateVariables } from '../../core/render.js';
import type { TCampaignInput } from '../../workflows/contract/index.js';

/** Variables every recipient must have for the campaign's message to render, sorted. */
export function campaignVariables(message: TCampaignInput['message']): string[] {
  const texts = message.body !== undefined ? [message.body] : Object.values(message.contentVariables ?? {});
  const names = new Set(texts.flatMap((text) => templateVariables(text)));
  for (const builtin of BUILTIN_VARIABLES) names.delete(builtin);
  return [...names].sort();
}
