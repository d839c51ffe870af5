import type { TConfig } from '../../infra/config.js';
import { createIntentClassifier, type TIntentClassifier } from './classify-reply-intent.js';

export type TIntentConfig = Pick<TConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'OPENAI_TIMEOUT_MS'>;

/** Whether this deployment can classify replies by intent: an AI model is configured. */
export function hasIntentClassifier(config: Pick<TConfig, 'OPENAI_API_KEY'>): boolean {
  return config.OPENAI_API_KEY !== undefined;
}

/** The intent classifier this configuration asks for; undefined without OPENAI_API_KEY. */
export function intentClassifierFrom(config: TIntentConfig): TIntentClassifier | undefined {
  if (config.OPENAI_API_KEY === undefined) return undefined;
  return createIntentClassifier({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  });
}
