/**
 * The intent classifier could not answer. `permanent`: asking again would fail the same
 * way (the key is refused, the request is malformed, no classifier is configured), so the
 * activity does not retry it; otherwise (timeouts, 429, 5xx, network) it is retried.
 */
export class IntentClassifierError extends Error {
  override name = 'IntentClassifierError';

  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
