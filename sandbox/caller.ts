import type { Context } from 'hono';
import { AppError } from '../infra/app-error.js';
import { accountOf, type TwilioCredentials } from './twilio-auth.js';

/**
 * Who drives the sandbox. The operator proves it with the account's own credentials (HTTP
 * Basic `accountSid:authToken`, as on Twilio's API) and sees everything, as Twilio's
 * console would; a signed-in user of the web app sees and acts for their workspace only.
 */
export type SandboxCaller = { kind: 'operator' } | { kind: 'workspace'; workspaceId: string };

/** The signed-in caller's workspace; throws the API's 401 (an AppError) when there is none. */
export type WorkspaceOf = (c: Context) => Promise<string>;

export interface CallerDeps extends TwilioCredentials {
  /** Absent: only the operator may use the routes (a sandbox without the API's sessions). */
  workspaceOf?: WorkspaceOf | undefined;
}

export async function callerOf(c: Context, deps: CallerDeps): Promise<SandboxCaller> {
  if (accountOf(c, deps) !== undefined) return { kind: 'operator' };
  if (!deps.workspaceOf) {
    c.header('WWW-Authenticate', 'Basic realm="sandbox"');
    throw new AppError('unauthenticated', 'Authentication required: the account credentials (HTTP Basic).');
  }
  return { kind: 'workspace', workspaceId: await deps.workspaceOf(c) };
}

/** For routes that are the operator's alone: fault rules, the attempt log, the global rate. */
export function requireOperator(c: Context, deps: TwilioCredentials): void {
  if (accountOf(c, deps) !== undefined) return;
  c.header('WWW-Authenticate', 'Basic realm="sandbox"');
  throw new AppError(
    'unauthenticated',
    "Authentication required: the sandbox's fault rules, attempt log and rate are the operator's; use the account credentials (HTTP Basic).",
  );
}

/** The API's one error shape for an AppError, and a 500 that says nothing for anything else. */
export function sandboxErrorResponse(c: Context, error: unknown): Response {
  const known = error instanceof AppError ? error : new AppError('internal', 'Internal error.');
  return c.json(known.toBody(), known.status);
}
