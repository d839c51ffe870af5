import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';

/**
 * Refuses request bodies over `maxBytes` with 413 `payload_too_large`: at once when
 * Content-Length says so, otherwise as soon as the streamed body passes the limit. Mounted
 * for the whole app, so every route with a body has a limit, including ones added later.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`, { maxBytes });
    },
  });
}

/**
 * A tighter limit of a route whose bodies are small (sign-in, templates), mounted on the
 * route after the app's own: big bodies are refused before any JSON parsing.
 */
export function limitSmallBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `Request body exceeds ${maxBytes} bytes.`);
    },
  });
}
