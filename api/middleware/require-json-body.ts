import { createMiddleware } from 'hono/factory';
import { AppError } from '../../infra/app-error.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON route's body must say it is JSON: any other Content-Type (or a body with none) is
 * 415 `unsupported_media_type` naming the type sent, rather than being read as an empty
 * object and failing validation confusingly. createApiRoute puts it before the validators.
 */
export const requireJsonBody = createMiddleware(async (c, next) => {
  const contentType = c.req.header('content-type');
  const mediaType = contentType?.split(';')[0]?.trim() ?? '';
  const hasBody = c.req.raw.body !== null;
  if (!JSON_MEDIA_TYPE.test(mediaType) && !(contentType === undefined && !hasBody)) {
    throw new AppError('unsupported_media_type', 'Send the body as application/json.', {
      contentType: contentType ?? null,
    });
  }
  await next();
});
