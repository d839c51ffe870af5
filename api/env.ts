import type { TApiKeySession } from '../features/api-keys/authenticate-api-key.js';
import type { Logger } from '../infra/logger.js';
import type { TSignInGuard } from './middleware/sign-in-guard.js';

/** Who is calling: set by the auth middleware on every route that needs a session. */
export interface TAuth {
  userId: string;
  workspaceId: string;
  role: 'admin' | 'member';
  email: string;
  /** Set when an API key authenticated the request (it acts as its creator). */
  apiKeyId?: string;
}

/** Variables every request carries through the Hono context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    auth: TAuth;
    /** The API key the rate limiter already looked up, so requireAuth does not look again. */
    apiKeySession?: { session: TApiKeySession | undefined };
    /** Set by the rate limiter on POST /api/auth/login: the failed sign-in limits of this client. */
    signInGuard?: TSignInGuard;
  };
}
