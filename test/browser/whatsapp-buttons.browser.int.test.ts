/**
 * WhatsApp quick-reply buttons, in Chromium against the real stack (Temporal, Postgres,
 * Redis, the sandbox behind the real twilio client): the team's quick-reply template
 * exists in Twilio's Content API (the sandbox's here); a person opens a journey that sends
 * it, loads its buttons from Twilio into the message, lets the wait for a reply add a branch per button,
 * connects them, saves and launches, then taps a button in the phone simulator and sees
 * that button's branch answer.
 */
import { describe, expect, it } from 'vitest';
import type { TJourney } from '../../core/index.js';
import { screenshot } from './browser.js';
import { canvasNode, dragConnection, problemsButton, selectNode, sidePanel } from './builder-steps.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const SETTLE = { timeout: 30_000 } as const;
const BUTTONS = [
  { id: 'CONFIRM_BOOKING', title: 'Confirm' },
  { id: 'CANCEL_BOOKING', title: 'Cancel' },
];

const suite = browserSuite();

/** Sends the template, then waits for a typed "yes" only: the buttons have no branch yet. */
function bookingJourney(contentSid: string): TJourney {
  const at = (x: number, y: number) => ({ x, y });
  const text = (body: string) => ({ channel: 'whatsapp' as const, body });
  return {
    name: 'Booking check',
    nodes: [
      { id: 'start', type: 'start', position: at(0, 0), data: {} },
      {
        id: 'ask',
        type: 'message',
        position: at(0, 120),
        // Its buttons are not typed in: the person loads them from the template.
        data: { channel: 'whatsapp', contentSid, contentVariables: { '1': '{{firstName}}' } },
      },
      {
        id: 'reply',
        type: 'waitForReply',
        position: at(0, 300),
        data: { timeout: 'PT10M', branches: [{ id: 'yes', match: 'equals', value: 'yes' }] },
      },
      { id: 'confirmed', type: 'message', position: at(-300, 520), data: text('See you Monday, {{firstName}}.') },
      {
        id: 'cancelled',
        type: 'message',
        position: at(0, 520),
        data: text('Cancelled, {{firstName}}. Book again any time.'),
      },
      { id: 'no-answer', type: 'message', position: at(300, 520), data: text('We kept your booking.') },
      { id: 'end', type: 'end', position: at(0, 700), data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'ask' },
      { id: 'e2', source: 'ask', target: 'reply' },
      { id: 'e3', source: 'reply', sourceHandle: 'yes', target: 'confirmed' },
      { id: 'e4', source: 'reply', sourceHandle: 'timeout', target: 'no-answer' },
      { id: 'e5', source: 'confirmed', target: 'end' },
      { id: 'e6', source: 'cancelled', target: 'end' },
      { id: 'e7', source: 'no-answer', target: 'end' },
    ],
  };
}

describe('WhatsApp quick-reply buttons', () => {
  it('offers the buttons as branches, launches, and a tap in the simulator takes its branch', async () => {
    const web = suite.web();
    const { page, context } = suite.tab();
    // The team's template, as made in Twilio's Content Template Builder (its API here).
    const content = await web.twilio.content.v1.contents.create({
      friendly_name: 'booking_check',
      language: 'en',
      variables: { '1': 'there' },
      types: { 'twilio/quick-reply': { body: 'Hi {{1}}, is your booking on Monday still good?', actions: BUTTONS } },
    } as never);
    const account = newAccount('browser-buttons');
    await registerAccount(web, account);
    await signInContext(context, web.baseUrl, account);
    const created = await context.request.post(`${web.baseUrl}/api/journeys`, {
      data: bookingJourney(content.sid),
      headers: { 'x-requested-with': 'initucastt-web' },
    });
    expect(created.status()).toBe(201);
    const { journey } = (await created.json()) as { journey: { id: string } };
    const phone = `+1212558${1000 + Math.floor(Math.random() * 8000)}`;

    // 1. The message loads its buttons from the template (Twilio's Content API) and shows them.
    await page.goto(`/journeys/${journey.id}`);
    // The cancellation message has no way in yet: the Cancel button will be it.
    await problemsButton(page, 1).waitFor();
    await selectNode(page, 'ask');
    await sidePanel(page).getByRole('button', { name: 'Load from Twilio' }).click();
    await sidePanel(page).getByRole('status').getByText('Loaded “booking_check” with 2 buttons').waitFor();
    expect(await sidePanel(page).getByLabel('Button 2 title').inputValue()).toBe('Cancel');
    expect(await sidePanel(page).getByLabel('Button 2 id').inputValue()).toBe('CANCEL_BOOKING');
    expect(await sidePanel(page).getByLabel('Value of {{1}}').inputValue()).toBe('{{firstName}}');
    await canvasNode(page, 'ask').getByLabel('Quick-reply buttons').getByText('[Confirm] [Cancel]').waitFor();
    await screenshot(page, 'buttons-00-loaded');

    // 2. The wait for a reply offers a branch per button; taking it adds them to the graph.
    await selectNode(page, 'reply');
    const offer = sidePanel(page).getByRole('alert').filter({ hasText: 'quick-reply buttons without a branch' });
    await offer.getByText('“Confirm”, “Cancel”').waitFor();
    await offer.scrollIntoViewIfNeeded();
    await screenshot(page, 'buttons-01-offer');
    await offer.getByRole('button', { name: 'Add branches for the buttons' }).click();
    await expect.poll(() => offer.count()).toBe(0);
    const branch3 = sidePanel(page).getByRole('group', { name: 'Branch 3' });
    expect(await branch3.getByLabel('Match').inputValue()).toBe('payload');
    expect(await branch3.getByLabel('Branch value').inputValue()).toBe('CANCEL_BOOKING');
    // Each new outcome is drawn to its next step, as a person does.
    await dragConnection(page, 'reply', 'CONFIRM', 'confirmed');
    await dragConnection(page, 'reply', 'CANCEL', 'cancelled');
    await problemsButton(page, 0).waitFor();
    await screenshot(page, 'buttons-02-branches');
    const saveState = page.getByRole('toolbar', { name: 'Journey tools' }).getByRole('status');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => saveState.textContent()).toBe('Saved');

    // 3. Launch to one phone.
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch “Booking check”' });
    await dialog.getByLabel('CSV file').setInputFiles({
      name: 'bookings.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`phone,firstName\n${phone},Ada\n`),
    });
    await dialog.getByText('Selected: bookings.csv').waitFor();
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Phone column' }).textContent()).toBe('phone');
    await dialog.getByRole('button', { name: 'Check', exact: true }).click();
    const launch = dialog.getByRole('button', { name: 'Launch 1 contact' });
    await launch.waitFor();
    await launch.click();
    await page.waitForURL((url) => url.pathname.startsWith('/runs/'));
    const runId = new URL(page.url()).pathname.split('/')[2] ?? '';

    // 4. The phone gets the template with its buttons, and taps Cancel.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone simulator' }).click();
    await page
      .getByRole('list', { name: 'Sandbox phones' })
      .getByRole('button', { name: new RegExp(`^${phone.replace('+', '\\+')} · `) })
      .click();
    const chat = page.getByRole('region', { name: `Conversation with ${phone}` });
    const messages = chat.getByRole('log', { name: 'Messages' });
    await messages.getByText('Hi Ada, is your booking on Monday still good?', { exact: true }).waitFor(SETTLE);
    const quickReplies = messages.getByRole('group', { name: 'Quick replies' });
    // The contact waits for the reply once its answers show: a tap before would reply to nothing.
    const answers = chat.getByRole('group', { name: 'Answers for Booking check' });
    await answers.waitFor(SETTLE);
    // The answer bar names the payload branches by the titles of the buttons the phone got.
    expect(await answers.getByRole('button').allTextContents()).toEqual(['yes', 'Confirm', 'Cancel']);
    await screenshot(page, 'buttons-03-simulator');
    await quickReplies.getByRole('button', { name: 'Cancel', exact: true }).click();

    // 5. The Cancel branch answers; the contact's path says which branch it took.
    await messages.getByText('Cancelled, Ada. Book again any time.', { exact: true }).waitFor(SETTLE);
    await screenshot(page, 'buttons-04-tapped');
    const inbound = await web.db.inboundMessage.findFirstOrThrow({ where: { from: phone } });
    expect(inbound).toMatchObject({ channel: 'whatsapp', body: 'Cancel', payload: 'CANCEL_BOOKING' });
    await page.goto(`/runs/${runId}`);
    await page
      .getByRole('table', { name: 'Contacts' })
      .getByRole('row', { name: `Open ${phone}` })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Contact details' });
    await drawer.getByRole('button', { name: 'Close' }).hover({ trial: true });
    const path = drawer.getByRole('list', { name: 'Path' }).getByRole('listitem');
    await expect
      .poll(() => path.allTextContents(), SETTLE)
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Took branch “Cancel” at Wait for reply \(reply\)/)]));
    await screenshot(page, 'buttons-05-contact-path');
  }, 180_000);
});
