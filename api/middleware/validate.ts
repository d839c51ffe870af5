import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { AppError } from '../../infra/app-error.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON route's body must say it is JSON: any other Content-Type (or a body with none) is
 * 415, rather than being read as an empty object and failing validation confusingly.
 */
function requireJsonBody(c: Context): void {
  const contentType = c.req.header('content-type');
  const mediaType = contentType?.split(';')[0]?.trim() ?? '';
  const hasBody = c.req.raw.body !== null;
  if (JSON_MEDIA_TYPE.test(mediaType) || (contentType === undefined && !hasBody)) return;
  throw new AppError('unsupported_media_type', 'Send the body as application/json.', {
    contentType: contentType ?? null,
  });
}

/**
 * The one zod validator every route uses: a failure answers 400 in the API's error shape,
 * with each problem's field path. Handlers read input only through `c.req.valid(target)`.
 * A `json` target also answers 415 `unsupported_media_type` for a non-JSON body.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new AppError('invalid_input', `Invalid ${target}.`, details);
    }
  });
  if (target !== 'json') return validator;
  const jsonOnly: typeof validator = async (c, next) => {
    requireJsonBody(c);
    return validator(c, next);
  };
  return jsonOnly;
}
