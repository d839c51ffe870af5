/**
 * The whole system for browser tests: test/support/send-stack.ts (API with the sandbox, a
 * Temporal worker, the message worker, all in this process and real) with the API also
 * serving the web app built for this run, on a real 127.0.0.1 port.
 */
import type { BrowserContext } from 'playwright-core';
import { startSendStack } from '../support/send-stack.js';
import { uniqueName } from '../support/context.js';
import { webAppForThisRun } from './build-web.js';

export type WebStack = Awaited<ReturnType<typeof startSendStack>> & {
  /** Where the browser goes: the API, the sandbox and the web app on one origin. */
  baseUrl: string;
  webDistDir: string;
};

/** Builds the web app (once per run) and starts the stack serving it; `stop()` ends it all. */
export async function startWebStack(overrides: Record<string, string> = {}): Promise<WebStack> {
  const webDistDir = await webAppForThisRun();
  const stack = await startSendStack(overrides, { webDistDir });
  return { ...stack, baseUrl: stack.publicUrl, webDistDir };
}

export interface Account {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
}

/** Credentials nobody used before in this test run. */
export function newAccount(label: string): Account {
  const unique = uniqueName(label);
  return {
    name: `Ada ${unique.slice(-6)}`,
    email: `${unique}@example.com`,
    password: 'a-good-password',
    workspaceName: `Workspace ${unique.slice(-6)}`,
  };
}

export interface RegisteredUser {
  id: string;
  workspaceId: string;
  role: 'admin' | 'member';
  email: string;
}

/** Registers `account` through the API (no browser involved), for tests about something else. */
export async function registerAccount(stack: WebStack, account: Account): Promise<RegisteredUser> {
  const res = await stack.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: account.name,
      email: account.email,
      password: account.password,
      workspaceName: account.workspaceName,
    }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { user: RegisteredUser }).user;
}

/**
 * Signs the browser context in through POST /api/auth/login: the context's request API
 * shares the context's cookie jar, so the session cookie the API sets is the pages' too.
 */
export async function signInContext(context: BrowserContext, baseUrl: string, account: Account): Promise<void> {
  const res = await context.request.post(`${baseUrl}/api/auth/login`, {
    data: { email: account.email, password: account.password },
  });
  if (!res.ok()) throw new Error(`login answered ${res.status()}: ${await res.text()}`);
}
