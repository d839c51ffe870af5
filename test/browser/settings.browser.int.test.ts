/**
 * The workspace settings page in Chromium: an admin creates an API key (shown once, with a
 * copy button), sees it listed, and revokes it; the API takes the key, then refuses it. An
 * admin adds a sender to the pool, sees its kind, rate and drain time, and removes it.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const { web, tab } = browserSuite();

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
    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
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

describe('workspace settings: senders', () => {
  it('lists the senders with their kind, rate and drain time, and lets an admin add and remove one', async () => {
    const account = newAccount('browser-senders');
    await registerAccount(web(), account);
    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Senders' }).waitFor();
    await page.getByText('No senders of its own').waitFor();

    const number = `+15592${String(Date.now()).slice(-6)}`;
    await page.getByLabel('Number or MG sid').fill(number);
    await page.getByRole('button', { name: 'Add sender' }).click();
    const row = page.getByRole('table', { name: 'Senders' }).getByRole('row', { name: new RegExp(`\\${number}`) });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Long code');
    expect(text).toContain('1 segments/s (Twilio’s figure)');
    expect(text).toContain('Nothing waiting');
    await screenshot(page, 'settings-senders');

    await page.getByRole('button', { name: `Remove ${number}` }).click();
    await page.getByText('No senders of its own').waitFor();
  });
});
