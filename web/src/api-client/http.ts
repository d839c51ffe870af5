/** The one way the web app talks to the API: typed JSON, with the API's error shape turned into thrown errors. */

/** An answer the API refused: its HTTP status plus the `{ error: { code, message } }` body, when there was one. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface GetOptions {
  /** Cancels the request, e.g. when the component unmounts. */
  signal?: AbortSignal;
  /** Non-2xx statuses whose JSON body is still the answer (`/readyz` says 503 with the details). */
  acceptStatuses?: readonly number[];
  /** Gives up after this long (default 10 s). */
  timeoutMs?: number;
}

interface ErrorShape {
  error: { code: string; message: string; details?: unknown };
}

function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** GETs `path` and returns its JSON body as `T`. The body is trusted to match `T`: it is our own API. */
export async function getJson<T>(path: string, options: GetOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), timeoutMs);
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal: controller.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (controller.signal.aborted) throw new Error(`${path} did not answer within ${timeoutMs / 1000} s`);
    throw new Error(`Cannot reach the API (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    window.clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }

  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok || options.acceptStatuses?.includes(response.status)) {
    if (body === undefined) throw new ApiError(response.status, 'invalid_response', `${path} did not answer with JSON`);
    return body as T;
  }
  if (isErrorShape(body)) throw new ApiError(response.status, body.error.code, body.error.message, body.error.details);
  throw new ApiError(
    response.status,
    'http_error',
    `${path} answered ${response.status} ${response.statusText}`.trim(),
  );
}
