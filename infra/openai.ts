import OpenAI from 'openai';

/** How this app reaches an OpenAI model (template checks, reply intents). */
export interface TOpenAiOptions {
  apiKey: string;
  /** Unset means api.openai.com; tests point it at a local OpenAI-compatible stub. */
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
}

/** The official client, with nothing read from process.env (configuration lives in infra/config.ts). */
export function createOpenAiClient(options: TOpenAiOptions, maxRetries: number): OpenAI {
  // Explicit nulls: left undefined, the client would read OPENAI_* from process.env.
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries,
  });
}
