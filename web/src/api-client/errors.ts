import { ApiError } from './http';

export { ApiError };

interface ErrorShape {
  error: { code: string; message: string; details?: unknown };
}

function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Turns an answer of the typed client that is not a success into the ApiError it stands for. */
export function toApiError(response: Response, body: unknown): ApiError {
  if (isErrorShape(body)) return new ApiError(response.status, body.error.code, body.error.message, body.error.details);
  return new ApiError(
    response.status,
    'http_error',
    `${response.url} answered ${response.status} ${response.statusText}`.trim(),
  );
}

/** One line a person can read, for toasts and inline alerts. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A field-level problem list from a 400's `details`, as `{ path: message }`, when the API sent one. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.details as Array<{ path?: unknown; message?: unknown }>) {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : typeof issue.path === 'string' ? issue.path : '';
    if (typeof issue.message === 'string' && !(path in out)) out[path] = issue.message;
  }
  return out;
}
