/**
 * The builder's reply branch editor offers intent branches, in Chromium against the real
 * stack, which runs without an OpenAI key: a branch becomes "Reply means (AI)" with an
 * intent description, the description's length limit shows under its field, and each
 * intent branch is flagged as needing the AI model before any launch is tried.
 */
import { describe, expect, it } from 'vitest';
import { intentJourney } from '../../core/journey/fixtures.js';
import { problemsButton, selectNode, sidePanel } from './builder-steps.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const suite = browserSuite();

describe('intent reply branches in the builder', () => {
  it('edits an intent branch and flags intent branches while no AI model is configured', async () => {
    const web = suite.web();
    const { page, context } = suite.tab();
    const account = newAccount('intent');
    await registerAccount(web, account);
    await signInContext(context, web.baseUrl, account);
    // As the web app sends it: a cookie session changes data only with its client header.
    const created = await context.request.post(`${web.baseUrl}/api/journeys`, {
      data: intentJourney(),
      headers: { 'x-requested-with': 'initucastt-web' },
    });
    expect(created.status()).toBe(201);
    const { journey } = (await created.json()) as { journey: { id: string } };

    await page.goto(`/journeys/${journey.id}`);
    // The two intent branches of the fixture, each needing the model this stack does not have.
    await problemsButton(page, 2).waitFor();
    await selectNode(page, 'reply');
    const panel = sidePanel(page);
    const agrees = panel.getByRole('group', { name: 'Branch 2' });
    expect(await agrees.getByLabel('Match').inputValue()).toBe('intent');
    expect(await agrees.getByLabel('Intent').inputValue()).toBe('agrees to the appointment');
    await agrees.getByText(/needs the AI model to classify replies/).waitFor();

    // The first branch ("call me", contains) becomes an intent branch too.
    const first = panel.getByRole('group', { name: 'Branch 1' });
    await first.getByLabel('Match').selectOption({ label: 'Reply means (AI)' });
    const intent = first.getByLabel('Intent');
    await intent.fill('x'.repeat(201));
    await first.getByText(/at most 200 characters/).waitFor();
    await intent.fill('asks us to call them');
    await expect.poll(() => first.getByText(/at most 200 characters/).count()).toBe(0);
    await problemsButton(page, 3).waitFor();
  }, 120_000);
});
