/**
 * The workspace settings page in Chromium: an admin creates an API key (shown once, with a
 * copy button), sees it listed, and revokes it; the API takes the key, then refuses it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, reportTestEnd, screenshot, type BrowserPage } from './browser.js';
import { newAccount, registerAccount, signInContext, startWebStack, type WebStack } from './web-stack.js';

let stack: WebStack | undefined;
let browser: Browser | undefined;
let tab: BrowserPage;

// The first browser file of a run also builds the web app: allow for it.
beforeAll(async () => {
  stack = await startWebStack();
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach(async () => {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  tab = await openPage(browser, stack.baseUrl);
});
afterEach(async (ctx) => {
  await reportTestEnd(tab, { name: ctx.task.name, failed: ctx.task.result?.state === 'fail' });
  await tab.close();
  tab.expectNoPageErrors();
});

function web(): WebStack {
  if (!stack) throw new Error('the stack did not start');
  return stack;
}

/** GET /api/me with `key` as the bearer: 200 while the key is current. */
async function statusWithKey(key: string): Promise<number> {
  const res = await web().request('/api/me', { headers: { authorization: `Bearer ${key}` } });
  await res.body?.cancel();
  return res.status;
}

describe('workspace settings: API keys', () => {
  it('lets an admin create a key shown once, see it listed, and revoke it', async () => {
    const account = newAccount('browser-keys');
    await registerAccount(web(), account);
    await signInContext(tab.context, web().baseUrl, account);
    const { page } = tab;
    await page.goto('/journeys');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Workspace settings' }).waitFor();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByText('No API keys yet.').waitFor();

    await page.getByLabel('Key name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    const key = (await shown.textContent()) ?? '';
    expect(key).toMatch(/^ick_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy key' }).waitFor();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /CRM sync/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 12));
    expect(await row.textContent()).not.toContain(key);
    await screenshot(page, 'settings-api-key-created');
    expect(await statusWithKey(key)).toBe(200);

    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await page.getByText('No API keys yet.').waitFor();
    expect(await statusWithKey(key)).toBe(401);
  });
});
