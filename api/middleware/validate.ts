import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { AppError } from '../app-error.js';

/**
 * The one zod validator every route uses: a failure answers 400 in the API's error shape,
 * with each problem's field path. Handlers read input only through `c.req.valid(target)`.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new AppError('invalid_input', `Invalid ${target}.`, details);
    }
  });
}
