/**
 * The contact drawer pages a long path, in Chromium against the real stack: the latest 50
 * steps, then 50 more per "Show older steps" until the oldest kept one, and how many
 * earlier steps are no longer kept.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyJourney } from '../../core/journey/fixtures.js';
import { HISTORY_RING_SIZE } from '../../workflows/contract/index.js';
import { launchBrowser, openPage, reportTestEnd, type BrowserPage } from './browser.js';
import { newAccount, registerAccount, signInContext, startWebStack, type WebStack } from './web-stack.js';

let stack: WebStack | undefined;
let browser: Browser | undefined;
let tab: BrowserPage | undefined;

beforeAll(async () => {
  stack = await startWebStack();
  browser = await launchBrowser();
  tab = await openPage(browser, stack.baseUrl);
}, 300_000);
afterAll(async () => {
  await tab?.close();
  await browser?.close();
  await stack?.stop();
});

describe('contact drawer', () => {
  it('shows the latest 50 steps of a long path and pages back to the oldest kept', async () => {
    const web = stack!;
    const { page } = tab!;
    const account = newAccount('history');
    await registerAccount(web, account);
    const login = await web.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const post = async (path: string, body: unknown) =>
      (await web
        .request(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        .then((res) => res.json())) as Record<string, unknown>;
    const journey = await post('/api/journeys', surveyJourney());
    const phone = `+1212554${1000 + Math.floor(Math.random() * 8000)}`;
    const { runId } = (await post(`/api/journeys/${(journey.journey as { id: string }).id}/launch`, {
      contacts: [{ phone, vars: { firstName: 'Ada' } }],
    })) as { runId: string };
    // Once it waits a day for its answer nothing else writes its path: give it a long one.
    await expect
      .poll(async () => (await web.db.contact.findFirst({ where: { runId } }))?.state, { timeout: 30_000 })
      .toBe('waiting_reply');
    const history = Array.from({ length: HISTORY_RING_SIZE }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      kind: 'send_deferred',
      detail: `step ${60 + i}`,
    }));
    await web.db.contact.updateMany({ where: { runId }, data: { history, historyDropped: 60 } });

    await signInContext(tab!.context, web.baseUrl, account);
    await page.goto(`/runs/${runId}`);
    await page
      .getByRole('table', { name: 'Contacts' })
      .getByRole('row', { name: `Open ${phone}` })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Contact details' });
    const steps = drawer.getByRole('list', { name: 'Path' }).getByRole('listitem');
    await expect.poll(() => steps.count()).toBe(50);
    expect(await steps.first().textContent()).toContain(`step ${60 + HISTORY_RING_SIZE - 50}`);
    const older = drawer.getByRole('button', { name: 'Show older steps' });
    for (const shown of [100, 150, 200]) {
      await older.click();
      await expect.poll(() => steps.count()).toBe(shown);
    }
    expect(await steps.first().textContent()).toContain('step 60');
    expect(await steps.last().textContent()).toContain(`step ${60 + HISTORY_RING_SIZE - 1}`);
    await drawer.getByText('60 earlier steps are no longer kept.').waitFor();
    expect(await older.count()).toBe(0);
    await reportTestEnd(tab!, { name: 'contact history', failed: false });
    tab!.expectNoPageErrors();
  }, 120_000);
});
