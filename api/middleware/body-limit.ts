import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../infra/app-error.js';

/**
 * Refuses request bodies over `maxBytes` with 413 `payload_too_large`: at once when
 * Content-Length says so, otherwise as soon as the streamed body passes the limit. Mounted
 * for the whole app, so every route with a body has a limit, including ones added later;
 * routes with smaller bodies (sign-in) add a tighter one of their own.
 */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`, { maxBytes });
    },
  });
}
