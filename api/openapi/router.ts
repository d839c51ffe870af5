import { OpenAPIHono, type OpenAPIHonoOptions } from '@hono/zod-openapi';
import { invalidInput } from '../../infra/zod-issues.js';
import type { AppEnv } from '../env.js';

/**
 * What every route answers when its params, query or JSON body fail their schema: 400
 * `invalid_input`, naming the part (`Invalid json.`) and listing `{ path, message }` per
 * problem. Thrown rather than returned, so the one error handler writes it.
 */
const answerInvalidInput: NonNullable<OpenAPIHonoOptions<AppEnv>['defaultHook']> = (result) => {
  if (!result.success) throw invalidInput(`Invalid ${result.target}.`, result.error);
  return undefined;
};

/** A sub-app for one resource: its routes are declared with createApiRoute and validated by their schemas. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: answerInvalidInput });
}
