/**
 * The workspace settings page in Chromium: an admin creates an API key (shown once, with a
 * copy button), sees it listed, and revokes it; the API takes the key, then refuses it. An
 * admin adds a sender to the pool, sees its kind, rate and drain time, and removes it; changes
 * a sender's rate and goes back to Twilio's figure; and is told why a Messaging Service
 * cannot lose its rate.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { escapeRegExp } from './page-helpers.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const { web, tab } = browserSuite();

/** The Senders table's row for `address`. */
function senderRow(page: Page, address: string) {
  return page.getByRole('table', { name: 'Senders' }).getByRole('row', { name: new RegExp(escapeRegExp(address)) });
}

/** The rate a sender has of its own in the database (null: its kind's figure). */
async function storedRate(address: string): Promise<number | null> {
  return (await web().db.workspaceSender.findUniqueOrThrow({ where: { address } })).ratePerSec;
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

  it('lets an admin change a sender’s rate, and go back to Twilio’s figure, keeping the sender', async () => {
    const account = newAccount('browser-sender-edit');
    await registerAccount(web(), account);
    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Senders' }).waitFor();

    const number = `+15593${String(Date.now()).slice(-6)}`;
    await page.getByLabel('Number or MG sid').fill(number);
    await page.getByRole('button', { name: 'Add sender' }).click();
    const row = senderRow(page, number);
    await row.filter({ hasText: '1 segments/s (Twilio’s figure)' }).waitFor();
    const { id } = await web().db.workspaceSender.findUniqueOrThrow({ where: { address: number } });

    // A 10DLC number given a higher rate by its trust score.
    await page.getByRole('button', { name: `Edit ${number}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${number}` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Rate per second').inputValue()).toBe('');
    await dialog.getByLabel('Rate per second').fill('2.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Saved ${number}.`).waitFor();
    await row.filter({ hasText: '2.5 segments/s' }).waitFor();
    expect(await row.textContent()).not.toContain('Twilio’s figure');
    await screenshot(page, 'settings-sender-custom-rate');
    expect(await storedRate(number)).toBe(2.5);

    // Empty goes back to the kind's figure; the sender (and its sticky contacts) stays the same row.
    await page.getByRole('button', { name: `Edit ${number}` }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('Rate per second').inputValue()).toBe('2.5');
    await dialog.getByLabel('Rate per second').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.filter({ hasText: '1 segments/s (Twilio’s figure)' }).waitFor();
    expect(await storedRate(number)).toBeNull();
    expect((await web().db.workspaceSender.findUniqueOrThrow({ where: { address: number } })).id).toBe(id);
  });

  it('shows the API’s refusal when a Messaging Service is added without a rate or its rate is cleared, and changes nothing', async () => {
    const account = newAccount('browser-sender-refused');
    await registerAccount(web(), account);
    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Senders' }).waitFor();

    const service = `MG${randomBytes(16).toString('hex')}`;
    await page.getByLabel('Number or MG sid').fill(service);
    // Added without its rate first: the form says why under the rate, and adds nothing.
    await page.getByRole('button', { name: 'Add sender' }).click();
    await page.getByText("a Messaging Service's rate is the sum of its numbers': give it").waitFor();
    expect(await web().db.workspaceSender.count({ where: { address: service } })).toBe(0);
    await page.getByLabel('Rate per second').fill('10');
    await page.getByRole('button', { name: 'Add sender' }).click();
    const row = senderRow(page, service);
    await row.filter({ hasText: 'Messaging Service' }).waitFor();
    expect(await row.textContent()).toContain('10 segments/s');

    await page.getByRole('button', { name: `Edit ${service}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${service}` });
    await dialog.getByLabel('Rate per second').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText("a Messaging Service's rate is the sum of its numbers': give it").waitFor();
    await screenshot(page, 'settings-sender-edit-refused');
    expect(await storedRate(service)).toBe(10);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.textContent()).toContain('10 segments/s');
  });
});
