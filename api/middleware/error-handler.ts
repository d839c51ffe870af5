import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../../infra/app-error.js';
import { invalidInput } from '../../infra/zod-issues.js';
import type { AppEnv } from '../env.js';

/** The code of a status Hono or a library raised; the first code mapped to it, else a generic one. */
function codeForStatus(status: number): ErrorCode {
  const known = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(([, mapped]) => mapped === status);
  return known?.[0] ?? (status < 500 ? 'invalid_input' : 'internal');
}

/**
 * Turns anything thrown by a route into the one error shape. Unexpected errors are
 * logged with the request id and answered as a bare 500: no internals leave the process.
 */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof AppError) return c.json(error.toBody(), error.status);
  if (error instanceof ZodError) return c.json(invalidInput('The request is invalid.', error).toBody(), 400);
  if (error instanceof HTTPException) {
    const code = codeForStatus(error.status);
    return c.json(new AppError(code, error.message || 'Request failed.').toBody(), error.status);
  }
  c.get('logger').error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
  return c.json(
    new AppError('internal', 'Something went wrong on our side.', { requestId: c.get('requestId') }).toBody(),
    500,
  );
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`).toBody(), 404);
