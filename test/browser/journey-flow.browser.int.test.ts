/**
 * The story a new user lives, in Chromium against the real stack (Temporal, Postgres,
 * Redis, the sandbox behind the real twilio client): register, build the YES/NO survey in
 * the builder, see a problem appear and clear, save, launch from a CSV with a bad row,
 * answer as the contacts in the phone simulator, and follow the run on its dashboard.
 * The steps share one page and run in order; each waits on what the page shows.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contactWorkflowId } from '../../workflows/contract/index.js';
import { launchBrowser, openPage, reportTestEnd, screenshot, type BrowserPage } from './browser.js';
import {
  addFromPalette,
  canvasNode,
  dragConnection,
  nodeProblems,
  problemsButton,
  selectNode,
  sidePanel,
  writeMessage,
} from './builder-steps.js';
import { newAccount, startWebStack, type WebStack } from './web-stack.js';

const JOURNEY_NAME = 'Satisfaction survey';
/** Long enough to answer two phones in the simulator, short enough to wait for the third. */
const REPLY_TIMEOUT_SECONDS = 25;
const TIMEOUT_OUTCOME = `after ${REPLY_TIMEOUT_SECONDS} seconds`;
/** From launch to the last contact's end: the timeout plus sending, with room for a busy machine. */
const RUN_FINISHES_MS = (REPLY_TIMEOUT_SECONDS + 45) * 1000;

// Unique to this run: the sandbox keeps every phone's conversation.
const firstPhone = 1000 + Math.floor(Math.random() * 8000);
const contacts = ['Ada', 'Bo', 'Di'].map((name, i) => ({ name, phone: `+1212553${firstPhone + i}` }));
const [yesContact, noContact, silentContact] = contacts as [
  (typeof contacts)[number],
  (typeof contacts)[number],
  (typeof contacts)[number],
];
const BAD_ROW = { row: 4, phone: 'not-a-phone', reason: /not part of a phone number/ };
const csv = [
  'phone,name',
  `${yesContact.phone},Ada`,
  `${noContact.phone},Bo`,
  `${BAD_ROW.phone},Cy`,
  `${silentContact.phone},Di`,
].join('\n');
const question = (name: string) => `Hi ${name}, do you like us? Reply YES or NO`;

let stack: WebStack | undefined;
let browser: Browser | undefined;
let tab: BrowserPage | undefined;
let runId = '';

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
afterEach(async (ctx) => {
  if (!tab) return;
  await reportTestEnd(tab, { name: ctx.task.name, failed: ctx.task.result?.state === 'fail' });
  // One page for the whole story: each step reports only its own problems.
  tab.problems.consoleErrors.length = 0;
  tab.problems.failedRequests.length = 0;
  tab.problems.serverErrors.length = 0;
  const errors = tab.problems.pageErrors.splice(0);
  if (errors.length > 0) throw new Error(`uncaught errors in the page:\n${errors.join('\n\n')}`);
});

function page(): Page {
  if (!tab) throw new Error('the browser did not start');
  return tab.page;
}

function web(): WebStack {
  if (!stack) throw new Error('the stack did not start');
  return stack;
}

function mainNav(p: Page, name: string) {
  return p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** What a node of the run graph says about its contacts: "1 here now · 2 passed". */
async function nodeCounts(p: Page, id: string): Promise<string | null> {
  const counts = canvasNode(p, id).getByLabel(/ here now · \d+ passed$/);
  return (await counts.count()) === 0 ? null : counts.getAttribute('aria-label');
}

/** The run's own status chip, right after the word "Run" (the per-state chips below repeat the words). */
function runStatus(p: Page) {
  return p.getByText('Run', { exact: true }).locator('xpath=following-sibling::*[1]');
}

/** A phone in the simulator's (or the status page's) list: "+1212… · 3 messages". */
function phoneEntry(p: Page, phone: string) {
  return p
    .getByRole('list', { name: 'Sandbox phones' })
    .getByRole('button', { name: new RegExp(`^${phone.replace('+', '\\+')} · `) });
}

describe('a new user builds, launches and follows a journey in the browser', () => {
  it('registers and lands on the empty journeys page', async () => {
    const p = page();
    const account = newAccount('browser-journey');
    await p.goto('/register');
    await p.getByLabel('Your name').fill(account.name);
    await p.getByLabel('Email').fill(account.email);
    await p.getByLabel('Password').fill(account.password);
    await p.getByLabel('Workspace name').fill(account.workspaceName);
    await p.getByRole('button', { name: 'Create workspace' }).click();
    await p.waitForURL((url) => url.pathname === '/journeys');
    await p.getByRole('button', { name: account.name, exact: true }).waitFor();
    await p.getByText('Create your first journey').waitFor();
    await screenshot(p, 'journey-flow-01-empty-journeys');
  });

  it('builds the survey in the builder, seeing problems appear and clear', async () => {
    const p = page();
    await p.getByRole('button', { name: 'New journey' }).click();
    await p.waitForURL((url) => /^\/journeys\/[^/]+$/.test(url.pathname));
    await canvasNode(p, 'message-1').waitFor();
    await p.getByRole('textbox', { name: 'Journey name' }).fill(JOURNEY_NAME);

    // The starter's message becomes the question; its end step makes room for the reply.
    await selectNode(p, 'message-1');
    await writeMessage(p, 'Question', 'Hi {{name}}, do you like us? Reply YES or NO');
    await selectNode(p, 'end-1');
    await sidePanel(p).getByRole('button', { name: 'Delete node' }).click();
    await canvasNode(p, 'end-1').waitFor({ state: 'detached' });
    await selectNode(p, 'message-1');
    await addFromPalette(p, 'wait for reply');
    const panel = sidePanel(p);
    await panel.getByText('waitForReply-1', { exact: true }).waitFor();
    await panel.getByLabel('Label').fill('Answer');
    await panel.getByLabel('Timeout unit').selectOption('seconds');
    await panel.getByLabel('Timeout', { exact: true }).fill(String(REPLY_TIMEOUT_SECONDS));
    await panel.getByText(`${REPLY_TIMEOUT_SECONDS} seconds`, { exact: true }).waitFor();
    await panel.getByRole('group', { name: 'Branch 1' }).getByLabel('Branch value').fill('YES');
    await panel.getByRole('group', { name: 'Branch 2' }).getByLabel('Branch value').fill('NO');

    // Nothing follows the reply yet: each outcome is a problem, and launching is blocked.
    await problemsButton(p, 3).waitFor();
    const waitProblems = nodeProblems(p, 'waitForReply-1');
    await expect
      .poll(() => waitProblems.getByRole('listitem').allTextContents())
      .toEqual([
        'waitForReply node "waitForReply-1": connect handle "yes"',
        'waitForReply node "waitForReply-1": connect handle "no"',
        'waitForReply node "waitForReply-1": connect handle "timeout"',
      ]);
    const launch = p.getByRole('button', { name: 'Launch', exact: true });
    expect(await launch.isDisabled(), 'Launch with problems').toBe(true);

    // A new message starts empty and unconnected: two more problems on that node, and
    // writing its text clears one.
    await addFromPalette(p, 'message');
    await panel.getByText('message-2', { exact: true }).waitFor();
    await problemsButton(p, 5).waitFor();
    await expect
      .poll(() => nodeProblems(p, 'message-2').getByRole('listitem').allTextContents())
      .toEqual(['body: body must not be blank', 'node "message-2" cannot be reached from the start']);
    await panel.getByText('body must not be blank', { exact: true }).waitFor();
    await screenshot(p, 'journey-flow-02-builder-problems');
    await writeMessage(p, 'Thanks', 'Thank you {{name}}, glad you like us!');
    await problemsButton(p, 4).waitFor();
    await expect
      .poll(() => nodeProblems(p, 'message-2').getByRole('listitem').allTextContents())
      .toEqual(['node "message-2" cannot be reached from the start']);
    expect(
      await panel.getByText('body must not be blank', { exact: true }).count(),
      'the body field still in error',
    ).toBe(0);
    await addFromPalette(p, 'end');
    await canvasNode(p, 'end-1').waitFor();

    for (const [label, body] of [
      ['Sorry', 'Sorry to hear that, {{name}}. We will do better.'],
      ['No answer', 'We did not hear from you, {{name}}.'],
    ] as const) {
      await addFromPalette(p, 'message');
      await writeMessage(p, label, body);
      await addFromPalette(p, 'end');
    }
    // The three reply outcomes, and the three message-then-end pairs nothing reaches.
    await problemsButton(p, 9).waitFor();
    await p.getByRole('button', { name: 'Auto layout' }).click();

    // The reply's outcomes are connected by dragging: each connection clears its outcome's
    // problem and makes a message and its end reachable.
    await dragConnection(p, 'waitForReply-1', 'YES', 'message-2');
    await problemsButton(p, 6).waitFor();
    await dragConnection(p, 'waitForReply-1', 'NO', 'message-3');
    await problemsButton(p, 3).waitFor();
    // The third from the keyboard: the side panel's "Next step for ..." select, the way to
    // connect steps without a mouse.
    await selectNode(p, 'waitForReply-1');
    await sidePanel(p).getByLabel(`Next step for ${TIMEOUT_OUTCOME}`).selectOption('message-4');
    await problemsButton(p, 0).waitFor();
    await nodeProblems(p, 'waitForReply-1').waitFor({ state: 'detached' });
    expect(await p.getByRole('status', { name: /^Problems of / }).count(), 'nodes still listing problems').toBe(0);
    // Valid, but not saved yet.
    expect(await launch.isDisabled(), 'Launch before saving').toBe(true);
    await p.getByRole('button', { name: 'Auto layout' }).click();
    // Auto layout animates the view: the start node holds still once it has settled.
    await canvasNode(p, 'start').hover({ trial: true });
    await screenshot(p, 'journey-flow-03-builder-survey');
  });

  it('saves the journey and finds it again after a reload', async () => {
    const p = page();
    const saveState = p.getByRole('toolbar', { name: 'Journey tools' }).getByRole('status');
    // Unsaved: leaving for another page of the app asks first, and Stay keeps the edits.
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    const leave = p.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.getByRole('button', { name: 'Stay' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(new URL(p.url()).pathname, 'still in the builder').toMatch(/^\/journeys\/[^/]+$/);
    expect(await saveState.textContent()).toBe('Unsaved changes');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => saveState.textContent()).toBe('Saved');
    const launch = p.getByRole('button', { name: 'Launch', exact: true });
    await expect.poll(() => launch.isEnabled(), { message: 'Launch once valid and saved' }).toBe(true);

    await p.reload();
    await canvasNode(p, 'message-4').waitFor();
    expect(await p.locator('[data-testid^="node-"]').count()).toBe(9);
    await canvasNode(p, 'message-1').getByText('do you like us? Reply YES or NO').waitFor();
    await canvasNode(p, 'waitForReply-1')
      .getByText(`Waits up to ${REPLY_TIMEOUT_SECONDS} seconds for a reply`)
      .waitFor();
    expect(await p.getByRole('textbox', { name: 'Journey name' }).inputValue()).toBe(JOURNEY_NAME);
    await problemsButton(p, 0).waitFor();
    expect(await saveState.textContent()).toBe('Saved');
  });

  it('launches from a CSV, showing the rejected row, and opens the run', async () => {
    const p = page();
    await p.getByRole('button', { name: 'Launch', exact: true }).click();
    const dialog = p.getByRole('dialog', { name: `Launch “${JOURNEY_NAME}”` });
    await dialog
      .getByLabel('CSV file')
      .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByText('Selected: contacts.csv').waitFor();
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Phone column' }).textContent()).toBe('phone');
    await dialog.getByRole('button', { name: 'Check', exact: true }).click();

    const rejected = dialog.getByRole('table', { name: 'Rejected rows' });
    await rejected.waitFor();
    const rows = rejected.getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const cells = await rows.nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(0, 2)).toEqual([String(BAD_ROW.row), BAD_ROW.phone]);
    expect(cells[2]).toMatch(BAD_ROW.reason);
    await dialog.getByText('3 of 4 contacts will be launched.', { exact: false }).waitFor();
    // The forecast before confirming: what the three contacts will be sent, and how soon.
    const forecast = dialog.getByRole('table', { name: 'What this launch will send' });
    const forecastValue = (label: string) =>
      forecast
        .getByRole('row', { name: new RegExp(`^${label}`) })
        .getByRole('cell')
        .first()
        .textContent();
    expect(await forecastValue('First messages all sent')).toBe('under a minute');
    expect(await forecastValue('WhatsApp')).toBe('0');
    expect(await forecastValue('Messages')).toMatch(/^[1-9]/);
    await rejected.scrollIntoViewIfNeeded();
    await screenshot(p, 'journey-flow-04-launch-rejected-row');

    await dialog.getByRole('button', { name: 'Launch 3 contacts' }).click();
    await p.waitForURL((url) => url.pathname.startsWith('/runs/'));
    runId = new URL(p.url()).pathname.split('/')[2] ?? '';
    expect(runId).not.toBe('');
    await p.getByRole('heading', { name: JOURNEY_NAME }).waitFor();
    await canvasNode(p, 'waitForReply-1').waitFor();
    await screenshot(p, 'journey-flow-05-run-started');
  });

  it('answers as the contacts in the phone simulator', async () => {
    const p = page();
    await mainNav(p, 'Phone simulator').click();
    await p.waitForURL((url) => url.pathname === '/simulator');
    const openPhone = async (phone: string) => {
      await phoneEntry(p, phone).click();
      return p.getByRole('region', { name: `Conversation with ${phone}` });
    };

    for (const contact of contacts) {
      const chat = await openPhone(contact.phone);
      await chat.getByRole('log', { name: 'Messages' }).getByText(question(contact.name), { exact: true }).waitFor();
    }

    // Ada taps the answer button; Bo types his answer; Di stays silent.
    const ada = await openPhone(yesContact.phone);
    await ada
      .getByRole('group', { name: `Answers for ${JOURNEY_NAME}` })
      .getByRole('button', { name: 'YES', exact: true })
      .click();
    await ada
      .getByRole('log', { name: 'Messages' })
      .getByText('Thank you Ada, glad you like us!', { exact: true })
      .waitFor();
    await screenshot(p, 'journey-flow-06-simulator-yes');

    const bo = await openPhone(noContact.phone);
    // Offered once Bo's contact waits for the reply: typing before that would be a reply to nothing.
    await bo.getByRole('group', { name: `Answers for ${JOURNEY_NAME}` }).waitFor();
    await bo.getByLabel('Reply').fill('no');
    await bo.getByRole('button', { name: 'Send' }).click();
    await bo
      .getByRole('log', { name: 'Messages' })
      .getByText('Sorry to hear that, Bo. We will do better.', { exact: true })
      .waitFor();
    await screenshot(p, 'journey-flow-07-simulator-no');
  });

  it(
    'follows the run live on its dashboard until every branch was taken',
    async () => {
      const p = page();
      await mainNav(p, 'Runs').click();
      await p.getByRole('table', { name: 'Runs' }).getByRole('link', { name: JOURNEY_NAME }).click();
      await p.waitForURL((url) => url.pathname === `/runs/${runId}`);
      await canvasNode(p, 'message-4').waitFor();
      // Di is still waiting for her reply: nobody has taken the timeout branch yet.
      await expect.poll(() => nodeCounts(p, 'waitForReply-1')).toBe('1 here now · 3 passed');
      expect(await nodeCounts(p, 'message-4')).toBe('0 here now · 0 passed');
      // Marks this document: a reload would lose the mark.
      await p.evaluate(() => Object.assign(globalThis, { journeyFlowNoReload: true }));

      await expect.poll(() => nodeCounts(p, 'message-2'), { timeout: RUN_FINISHES_MS }).toMatch(/ · 1 passed$/);
      await expect.poll(() => nodeCounts(p, 'message-3'), { timeout: RUN_FINISHES_MS }).toMatch(/ · 1 passed$/);
      await expect.poll(() => nodeCounts(p, 'message-4'), { timeout: RUN_FINISHES_MS }).toMatch(/ · 1 passed$/);
      await expect.poll(() => runStatus(p).textContent(), { timeout: RUN_FINISHES_MS }).toBe('done');
      expect(await nodeCounts(p, 'waitForReply-1')).toBe('0 here now · 3 passed');
      expect(await nodeCounts(p, 'message-1')).toBe('0 here now · 3 passed');
      expect(await p.getByRole('progressbar', { name: 'Run progress' }).getAttribute('aria-valuetext')).toBe(
        '3 of 3 contacts finished, 3 started',
      );
      expect(
        await p.evaluate(() => (globalThis as { journeyFlowNoReload?: boolean }).journeyFlowNoReload),
        'the counts moved without a reload',
      ).toBe(true);
    },
    RUN_FINISHES_MS + 30_000,
  );

  it("opens a contact's details: path, messages, reply and Temporal link", async () => {
    const p = page();
    await p
      .getByRole('table', { name: 'Contacts' })
      .getByRole('row', { name: `Open ${yesContact.phone}` })
      .click();
    const drawer = p.getByRole('dialog', { name: 'Contact details' });
    const close = drawer.getByRole('button', { name: 'Close' });
    // The drawer slides in: its Close button holds still (and is not covered) once it is open.
    await close.hover({ trial: true });
    await drawer.getByRole('heading', { name: yesContact.phone, level: 2 }).waitFor();
    await drawer.getByText(/^Finished · since /).waitFor();

    const path = await drawer.getByRole('list', { name: 'Path' }).getByRole('listitem').allTextContents();
    const steps = [
      'Reached Question',
      'Message sent at Question',
      'Reached Answer',
      'Reply received“YES”',
      'Took branch “yes” at Answer',
      'Reached Thanks',
      'Message sent at Thanks',
      'Reached End (end-1)',
    ];
    const found = steps.map((step) => path.findIndex((item) => item.startsWith(step)));
    expect(found, `path: ${path.join(' | ')}`).not.toContain(-1);
    expect(found, 'path in order').toEqual([...found].sort((a, b) => a - b));

    const messages = drawer.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.nth(0).textContent()).toContain(question('Ada'));
    expect(await messages.nth(1).textContent()).toContain('Thank you Ada, glad you like us!');
    await expect
      .poll(() => messages.allTextContents())
      .toEqual([expect.stringMatching(/delivered$/), expect.stringMatching(/delivered$/)]);
    await drawer.getByRole('list', { name: 'Replies' }).getByText('“YES”').waitFor();

    const contact = await web().db.contact.findFirstOrThrow({ where: { runId, phone: yesContact.phone } });
    const workflowId = contactWorkflowId(runId, contact.id);
    expect(await drawer.getByRole('link', { name: 'Open in Temporal UI' }).getAttribute('href')).toContain(
      `/workflows/${encodeURIComponent(workflowId)}`,
    );
    await drawer.getByText(workflowId, { exact: true }).waitFor();
    await screenshot(p, 'journey-flow-09-contact-drawer');
    await close.click();
    // Gone from the page, not only hidden from assistive tech while it slides out.
    await p.getByRole('dialog', { name: 'Contact details', includeHidden: true }).waitFor({ state: 'detached' });
    await screenshot(p, 'journey-flow-08-run-done');
  });

  it('shows every main page', async () => {
    const p = page();
    await mainNav(p, 'Runs').click();
    await p.getByRole('table', { name: 'Runs' }).getByRole('link', { name: JOURNEY_NAME }).waitFor();
    await screenshot(p, 'journey-flow-10-runs');

    await mainNav(p, 'Messages').click();
    const log = p.getByRole('table', { name: 'Messages' });
    // Three questions, then one answer each: thanks, sorry, and the no-reply message.
    for (const text of [
      question('Ada'),
      question('Bo'),
      question('Di'),
      'Thank you Ada, glad you like us!',
      'Sorry to hear that, Bo. We will do better.',
      'We did not hear from you, Di.',
    ]) {
      await log.getByRole('cell', { name: text, exact: true }).waitFor();
    }
    await screenshot(p, 'journey-flow-11-messages');

    await mainNav(p, 'Campaigns').click();
    await p.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await p.getByText('No campaigns yet').waitFor();
    await screenshot(p, 'journey-flow-12-campaigns');
    await mainNav(p, 'Templates').click();
    await p.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await p.getByText('No templates yet').waitFor();
    await screenshot(p, 'journey-flow-13-templates');
    await mainNav(p, 'System status').click();
    await p.getByRole('heading', { name: 'System status', level: 1 }).waitFor();
    // The test stack checks no dependencies, so readiness is just "Ready".
    await p.getByRole('region', { name: 'Dependencies' }).getByText('Ready', { exact: true }).waitFor();
    await phoneEntry(p, yesContact.phone).waitFor();
    await screenshot(p, 'journey-flow-14-status');
  });
});
