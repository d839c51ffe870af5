import type { Context } from 'hono';
import type { TTokenConfig } from '../features/auth/tokens.js';
import type { Db } from '../infra/db.js';
import type { AppEnv } from './env.js';
import { requireAuth } from './middleware/auth.js';

/**
 * The sandbox simulator's signed-in caller: the same session check as every /api route
 * (bearer token, or the web app's cookie with its CSRF header on a POST), answering the
 * caller's workspace, or throwing the same 401. Given to createSandbox as `workspaceOf`.
 */
export function sandboxWorkspaceOf(config: TTokenConfig, db: Db): (c: Context) => Promise<string> {
  const authenticate = requireAuth(config, db);
  return async (c) => {
    const context = c as Context<AppEnv>;
    let workspaceId = '';
    await authenticate(context, async () => {
      workspaceId = context.get('auth').workspaceId;
    });
    return workspaceId;
  };
}
