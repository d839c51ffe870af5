/**
 * Live edits in Chromium against the real stack: while two contacts of a survey wait for a
 * reply, a person edits the YES follow-up's text in the builder and saves; the run's
 * dashboard then offers to move the waiting contacts onto the edit, shows the plan (both
 * would move, nobody stays), moves them on confirmation, and a YES answered in the phone
 * simulator brings the edited text, while the question they were sent is not sent again.
 */
import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../core/journey/fixtures.js';
import { screenshot } from './browser.js';
import { canvasNode, selectNode, sidePanel } from './builder-steps.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const { web, tab } = browserSuite();
const EDITED = 'Thanks {{firstName}}, your answer made our day!';
/** Long enough for a message to go through Temporal, the queue, the sandbox and back. */
const SETTLE = { timeout: 30_000 } as const;

describe('live edits', () => {
  it('edits a follow-up while contacts wait, and moves them onto the edit after seeing the plan', async () => {
    const journey = surveyJourney();
    const account = newAccount('browser-live-edit');
    await registerAccount(web(), account);
    const { page, context } = tab();
    await signInContext(context, web().baseUrl, account);
    const headers = { 'x-requested-with': 'initucastt-web' };
    const created = await context.request.post(`${web().baseUrl}/api/journeys`, { data: journey, headers });
    const journeyId = ((await created.json()) as { journey: { id: string } }).journey.id;
    // Unique to this run: the sandbox keeps every phone's conversation.
    const base = 1000 + Math.floor(Math.random() * 8000);
    const phones = [`+1212559${base}`, `+1212559${base + 1}`];
    const launched = await context.request.post(`${web().baseUrl}/api/journeys/${journeyId}/launch`, {
      data: { contacts: phones.map((phone, i) => ({ phone, vars: { firstName: i === 0 ? 'Ada' : 'Bo' } })) },
      headers,
    });
    expect(launched.status()).toBe(202);
    const { runId } = (await launched.json()) as { runId: string };

    // 1. Both contacts were asked and wait for their answer.
    await page.goto(`/runs/${runId}`);
    const here = canvasNode(page, 'reply').getByLabel(/ here now · \d+ passed$/);
    await expect.poll(() => here.getAttribute('aria-label'), SETTLE).toMatch(/^2 here now/);

    // 2. The person edits the YES follow-up in the builder and saves.
    await page.goto(`/journeys/${journeyId}`);
    await canvasNode(page, 'thanks-yes').waitFor();
    await selectNode(page, 'thanks-yes');
    await sidePanel(page).getByLabel('Message body').fill(EDITED);
    const saveState = page.getByRole('toolbar', { name: 'Journey tools' }).getByRole('status');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => saveState.textContent()).toBe('Saved');
    await screenshot(page, 'live-edit-01-edited');

    // 3. The run offers the move, shows the plan, and moves them on confirmation.
    await page.goto(`/runs/${runId}`);
    await page.getByText('version 2 is saved, and 2 contacts of this run still walk an older one').waitFor(SETTLE);
    await page.getByRole('button', { name: 'Move waiting contacts to version 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move waiting contacts to version 2?' });
    await dialog.getByText(/^2 contacts waiting where version 2 is safe for them would move now\./).waitFor(SETTLE);
    expect(await dialog.getByRole('table', { name: 'Contacts staying' }).count(), 'nobody stays').toBe(0);
    await screenshot(page, 'live-edit-02-plan');
    await dialog.getByRole('button', { name: 'Move 2 contacts' }).click();
    const done = page.getByRole('dialog', { name: 'Contacts moved' });
    await done.getByText('2 contacts moved to version 2.').waitFor(SETTLE);
    await screenshot(page, 'live-edit-03-moved');
    await done.getByRole('button', { name: 'Close' }).click();
    // Nobody is left behind on the old version: the offer goes.
    await page.getByRole('button', { name: 'Move waiting contacts to version 2' }).waitFor({ state: 'detached' });

    // 4. In the simulator, YES brings the edited follow-up; the question came once.
    await page.goto(`/simulator?phone=${encodeURIComponent(phones[0]!)}`);
    const chat = page.getByRole('region', { name: `Conversation with ${phones[0]}` });
    const messages = chat.getByRole('log', { name: 'Messages' });
    await chat.getByLabel('Reply').fill('yes');
    await chat.getByRole('button', { name: 'Send' }).click();
    await messages.getByText('Thanks Ada, your answer made our day!', { exact: true }).waitFor(SETTLE);
    await screenshot(page, 'live-edit-04-simulator');
    expect(
      await messages.getByText('Hi Ada, did you enjoy your visit? Reply YES or NO.', { exact: true }).count(),
    ).toBe(1);
    expect(await messages.getByText('Great to hear, Ada! See you soon.', { exact: true }).count()).toBe(0);

    // The contact's path on the dashboard says where it moved.
    const contact = await web().db.contact.findFirstOrThrow({ where: { runId, phone: phones[0]! } });
    expect(contact.journeyVersion).toBe(2);
    await page.goto(`/runs/${runId}`);
    await page
      .getByRole('table', { name: 'Contacts' })
      .getByRole('row', { name: `Open ${phones[0]}` })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Contact details' });
    await drawer.getByRole('button', { name: 'Close' }).hover({ trial: true });
    await drawer
      .getByRole('list', { name: 'Path' })
      .getByText(/^Moved to the edited journey at /)
      .waitFor(SETTLE);
    await screenshot(page, 'live-edit-05-contact-path');
  }, 180_000);
});
