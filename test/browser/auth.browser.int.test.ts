/**
 * Signing up, out and in through the web app in Chromium, against the real API serving the
 * app built from the current sources. Pages are found by role and label, as a person (or a
 * screen reader) finds them; every wait is on a condition, never on a clock.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../api/middleware/session-cookie.js';
import { signSessionToken } from '../../features/auth/tokens.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext, type Account } from './web-stack.js';

const EXPIRED_MESSAGE = 'Your session has expired';
/** In React Flow's own code (its attribution link) and in its style sheet's selectors. */
const REACT_FLOW_MARKS = { '.js': 'reactflow.dev', '.css': '.react-flow__' } as const;

const { web, tab } = browserSuite();

async function sessionCookie(): Promise<{ value: string; httpOnly: boolean; sameSite: string } | undefined> {
  return (await tab().context.cookies(web().baseUrl)).find(
    (cookie) => cookie.name === SESSION_COOKIE && cookie.value !== '',
  );
}

/** Signed in and shown: the user menu (their name) appears only once GET /api/me succeeded. */
async function expectSignedInAt(page: Page, path: string, account: Account): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
  await page.getByRole('button', { name: account.name, exact: true }).waitFor();
  expect(new URL(page.url()).pathname).toBe(path);
}

async function signInThroughForm(page: Page, account: Account): Promise<void> {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signInThroughApi(account: Account): Promise<void> {
  await registerAccount(web(), account);
  await signInContext(tab().context, web().baseUrl, account);
  await tab().page.goto('/journeys');
  await expectSignedInAt(tab().page, '/journeys', account);
}

describe('signing in through the web app', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const { page } = tab();
    const sessionChecked = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/me');
    await page.goto('/journeys');
    expect((await sessionChecked).status()).toBe(401);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').waitFor();
    await page.getByLabel('Password').waitFor();
    await screenshot(page, 'auth-login');
    // Nobody signed in, so no session expired: a first visit must not say so.
    expect(await page.getByText(EXPIRED_MESSAGE).count(), 'a first visit is told its session expired').toBe(0);
  });

  it('links from sign-in to sign-up', async () => {
    const { page } = tab();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Create a workspace' }).click();
    await page.waitForURL((url) => url.pathname === '/register');
    for (const label of ['Your name', 'Email', 'Password', 'Workspace name']) await page.getByLabel(label).waitFor();
    await page.getByRole('button', { name: 'Create workspace' }).waitFor();
    await screenshot(page, 'auth-register');
  });

  it('registers a workspace, signs out, and signs in again', async () => {
    const { page } = tab();
    const account = newAccount('browser-register');
    await page.goto('/register');
    await page.getByLabel('Your name').fill(account.name);
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByLabel('Workspace name').fill(account.workspaceName);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expectSignedInAt(page, '/journeys', account);
    await page.getByText(account.workspaceName).waitFor();
    await screenshot(page, 'auth-registered-journeys');

    await page.getByRole('button', { name: account.name, exact: true }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await expect.poll(sessionCookie, { message: 'signing out removes the session cookie' }).toBeUndefined();
    // Signed out means signed out: the app's pages send the visitor back to sign-in.
    await page.goto('/journeys');
    await page.waitForURL((url) => url.pathname === '/login');

    await signInThroughForm(page, account);
    await expectSignedInAt(page, '/journeys', account);
  });

  it('keeps the session out of reach of page scripts', async () => {
    const account = newAccount('browser-cookie');
    await signInThroughApi(account);
    const cookie = await sessionCookie();
    expect(cookie, 'signing in sets the session cookie').toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const readable = await tab().page.evaluate(() => {
      // Runs in the page: the browser's globals, typed here just enough to read them.
      const page = globalThis as unknown as {
        document: { cookie: string };
        localStorage: object;
        sessionStorage: object;
      };
      return {
        cookie: page.document.cookie,
        storage: JSON.stringify([Object.entries(page.localStorage), Object.entries(page.sessionStorage)]),
      };
    });
    expect(readable.cookie).not.toContain(cookie?.value);
    expect(readable.cookie).not.toContain(SESSION_COOKIE);
    expect(readable.storage).not.toContain(cookie?.value);
  });

  it('sends an expired session back to sign-in with a message, then returns to the same page', async () => {
    const { page, context } = tab();
    const account = newAccount('browser-expired');
    const user = await registerAccount(web(), account);
    await signInContext(context, web().baseUrl, account);
    await page.goto('/journeys');
    await expectSignedInAt(page, '/journeys', account);

    // A genuine session token of this user, signed with the server's key, that ran out a day ago.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const expired = await signSessionToken(
      web().config,
      { userId: user.id, workspaceId: user.workspaceId, role: user.role, email: user.email },
      twoDaysAgo,
    );
    await context.clearCookies();
    await context.addCookies([
      { name: SESSION_COOKIE, value: expired, url: web().baseUrl, httpOnly: true, sameSite: 'Strict' },
    ]);

    // The next API call of an open page answers 401: moving to another page makes one.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByText(EXPIRED_MESSAGE).waitFor();
    await screenshot(page, 'auth-session-expired');

    await signInThroughForm(page, account);
    await expectSignedInAt(page, '/runs', account);
  });

  it('treats a garbage session cookie like no session', async () => {
    const { page, context } = tab();
    await context.addCookies([
      { name: SESSION_COOKIE, value: 'not.a.token', url: web().baseUrl, httpOnly: true, sameSite: 'Strict' },
    ]);
    await page.goto('/journeys');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});

describe('what the sign-in page downloads', () => {
  /** The built scripts and style sheets that hold React Flow, found by content whatever their names. */
  async function reactFlowFiles(): Promise<string[]> {
    const assets = join(web().webDistDir, 'assets');
    const holding = await Promise.all(
      (await readdir(assets)).map(async (name) => {
        const mark = Object.entries(REACT_FLOW_MARKS).find(([extension]) => name.endsWith(extension))?.[1];
        return mark !== undefined && (await readFile(join(assets, name), 'utf8')).includes(mark) ? name : [];
      }),
    );
    return holding.flat();
  }

  it('loads none of React Flow, and gets its scripts compressed', async () => {
    const { page } = tab();
    const responses: Promise<{ name: string; encoding: string | undefined; bytes: number }>[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (!path.startsWith('/assets/')) return;
      const encoding = response.headers()['content-encoding'];
      responses.push(
        response.body().then((body) => ({ name: path.slice('/assets/'.length), encoding, bytes: body.length })),
      );
    });
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Whatever the page would fetch after its first render has been fetched by then.
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(responses);

    const reactFlow = await reactFlowFiles();
    expect(
      reactFlow.filter((name) => name.endsWith('.js')),
      'the build holds React Flow (the builder needs it)',
    ).not.toEqual([]);
    expect(
      reactFlow.filter((name) => name.endsWith('.css')),
      "the build holds React Flow's styles",
    ).not.toEqual([]);
    expect(loaded.length, 'the page loaded its scripts').toBeGreaterThan(0);
    expect(loaded.map((file) => file.name).filter((name) => reactFlow.includes(name))).toEqual([]);
    // Chromium accepts br: every file with a precompressed copy (1 KiB and more) comes as brotli.
    for (const file of loaded.filter((f) => f.bytes >= 1024)) expect(file.encoding, file.name).toBe('br');
  });
});
