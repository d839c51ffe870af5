import type { Logger } from '../infra/logger.js';

/** Who is calling: set by the auth middleware on every route that needs a session. */
export interface TAuth {
  userId: string;
  workspaceId: string;
  role: 'admin' | 'member';
  email: string;
}

/** Variables every request carries through the Hono context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    auth: TAuth;
  };
}
