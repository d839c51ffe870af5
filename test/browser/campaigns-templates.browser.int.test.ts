/**
 * Templates, campaigns, the message log and the phone simulator through the web app in
 * Chromium, against the real stack (API, sandbox, Temporal and message workers) with the
 * template checker's OpenAI client pointed at a local stub. Pages are found by role and
 * label; every wait is on a condition, never on a clock.
 */
import { describe, expect, it } from 'vitest';
import { startOpenAiStub, templateOf, type TStubResponder } from '../support/openai-stub.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';
import { apiToken, campaignState, newPhone, startCampaign, type CampaignState } from './campaign-api.js';
import {
  bodyRows,
  chooseOption,
  countOf,
  escapeRegExp,
  isSameDocument,
  markDocument,
  statusByPhone,
} from './page-helpers.js';
import { newAccount, registerAccount, signInContext, type Account } from './web-stack.js';

const MODEL = 'gpt-test-mini';
/** Long enough for a campaign to go through Temporal, the queue, the sandbox and its callbacks. */
const SETTLE = { timeout: 30_000 } as const;

const ISSUE = {
  rule: 'greeting_in_authentication',
  severity: 'warning',
  message: 'A greeting before the code makes this read like a conversation, not an authentication message.',
  suggestion: 'Start with the code: "{{code}} is your verification code."',
} as const;
const reviewWithOneIssue: TStubResponder = () => ({
  content: JSON.stringify({ verdict: 'needs_changes', issues: [ISSUE], suggestedCategory: null }),
});
const unavailable: TStubResponder = () => ({ status: 500, message: 'the stub is down' });

let stub: Awaited<ReturnType<typeof startOpenAiStub>> | undefined;
const { web, tab } = browserSuite(
  async () => {
    stub = await startOpenAiStub(reviewWithOneIssue);
    return { OPENAI_API_KEY: 'sk-test-stub-key', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: MODEL };
  },
  async () => {
    await stub?.close();
  },
);

function openAi(): NonNullable<typeof stub> {
  if (!stub) throw new Error('the OpenAI stub did not start');
  return stub;
}

/** A new workspace, signed in in this test's browser context; its bearer token for API set-up. */
async function signIn(label: string): Promise<{ account: Account; token: string }> {
  const account = newAccount(label);
  await registerAccount(web(), account);
  await signInContext(tab().context, web().baseUrl, account);
  return { account, token: await apiToken(web(), account) };
}

async function waitForCampaign(
  token: string,
  campaignId: string,
  done: (state: CampaignState) => boolean,
): Promise<void> {
  await expect.poll(async () => done(await campaignState(web(), token, campaignId)), SETTLE).toBe(true);
}

describe('templates', () => {
  it('writes a template, checks it with the AI, and shows a failed check in place', async () => {
    const { page } = tab();
    await signIn('browser-templates');
    await page.goto('/templates');
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await page.getByText('No templates yet').waitFor();

    await page.getByRole('button', { name: 'New template' }).click();
    await page.waitForURL((url) => url.pathname === '/templates/new');
    await page.getByRole('heading', { name: 'New template', level: 1 }).waitFor();
    const content = 'Hi {{name}}, your verification code is {{code}}. Do not share it with anyone.';
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('login_code');
    await chooseOption(page, page, 'Category', 'authentication');
    await page.getByRole('textbox', { name: 'Language' }).fill('en_US');
    await page.getByRole('textbox', { name: 'Content' }).fill(content);
    // The live preview marks both placeholders as variables.
    expect(await page.getByTitle('Variable name').textContent()).toBe('{{name}}');
    expect(await page.getByTitle('Variable code').textContent()).toBe('{{code}}');
    expect(await page.getByTitle('Not a valid placeholder').count()).toBe(0);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Template saved').waitFor();
    await page.waitForURL((url) => /^\/templates\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { name: 'login_code', level: 1 }).waitFor();
    expect(await page.getByText('authentication · en_US').count()).toBe(1);

    const requestsBefore = openAi().requests.length;
    await page.getByRole('button', { name: 'Check with AI' }).click();
    const result = page.getByRole('region', { name: 'Check result' });
    await result.getByText('Needs changes').waitFor();
    await result.getByText(`AI review (${MODEL}), guarded by the rules`).waitFor();
    const issues = result.getByRole('list', { name: 'Issues' }).getByRole('listitem');
    expect(await issues.count()).toBe(1);
    await issues.getByText(ISSUE.message).waitFor();
    await issues.getByText(`Suggestion: ${ISSUE.suggestion}`).waitFor();
    await issues.getByText(ISSUE.rule).waitFor();
    // The model reviewed what was saved.
    expect(openAi().requests.length).toBe(requestsBefore + 1);
    const reviewed = openAi().requests.at(-1);
    expect(reviewed && templateOf(reviewed)).toMatchObject({
      name: 'login_code',
      content,
      category: 'authentication',
      language: 'en_US',
    });
    await screenshot(page, 'templates-editor-check-result');

    // The model is down: the error is shown next to the button, and the editor stays usable.
    openAi().setResponder(unavailable);
    try {
      await page.getByRole('button', { name: 'Check with AI' }).click();
      const failure = page.getByRole('alert').filter({ hasText: 'The template checker is unavailable (HTTP 500)' });
      await failure.waitFor();
      await screenshot(page, 'templates-editor-check-failed');
      await page.getByRole('heading', { name: 'login_code', level: 1 }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Content' }).inputValue()).toBe(content);
      expect(await page.getByRole('button', { name: 'Check with AI' }).isEnabled()).toBe(true);

      openAi().setResponder(reviewWithOneIssue);
      const requestsBeforeRetry = openAi().requests.length;
      await failure.getByRole('button', { name: 'Retry' }).click();
      await failure.waitFor({ state: 'detached' });
      await result.getByText(ISSUE.message).waitFor();
      expect(openAi().requests.length, 'Retry asked the model again').toBe(requestsBeforeRetry + 1);
    } finally {
      openAi().setResponder(reviewWithOneIssue);
    }

    // The list shows the stored verdict.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    const row = page.getByRole('table', { name: 'Templates' }).getByRole('row').filter({ hasText: 'login_code' });
    await row.getByText('needs changes').waitFor();
    await row.getByText('name, code', { exact: true }).waitFor();
  });
});

describe('campaigns', () => {
  it('creates a campaign from a CSV, reports the rejected row, and shows it sending to the end', async () => {
    const { page } = tab();
    await signIn('browser-campaign');
    const people = [
      { phone: newPhone(), name: 'Ann' },
      { phone: newPhone(), name: 'Ben' },
      { phone: newPhone(), name: 'Cy' },
    ];
    const csv = ['phone,name', ...people.map((p) => `${p.phone},${p.name}`), 'not-a-phone,Dee', ''].join('\n');
    const body = 'Hi {{name}}, your table for two is ready.';
    const name = 'Friday dinner';

    await page.goto('/campaigns');
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('button', { name: 'New campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await chooseOption(page, dialog, 'Channel', 'SMS');
    await dialog.getByRole('textbox', { name: 'Message text' }).fill(body);
    expect(await dialog.getByTitle('Variable name').textContent()).toBe('{{name}}');
    await dialog
      .getByLabel('Audience CSV')
      .setInputFiles({ name: 'friday.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

    const preview = dialog.getByRole('table', { name: 'Audience preview' });
    await preview.waitFor();
    expect(await bodyRows(preview).allInnerTexts()).toEqual([
      ...people.map((p) => `${p.phone}\t${p.name}`),
      'not-a-phone\tDee',
    ]);
    expect(await dialog.getByRole('combobox', { name: 'Phone column' }).textContent()).toBe('phone');

    // Held in the queue until the page shows the campaign waiting, so the test sees it move.
    await web().pauseSending();
    try {
      await dialog.getByRole('button', { name: 'Create campaign' }).click();
      const started = page.getByRole('dialog', { name: 'Campaign started' });
      await started.getByText('3 recipients accepted; 1 row was rejected and will not be sent to.').waitFor();
      const rejected = started.getByRole('table', { name: 'Rejected rows' });
      expect(await bodyRows(rejected).count()).toBe(1);
      const [rejectedRow] = await bodyRows(rejected).allInnerTexts();
      expect(rejectedRow).toMatch(/^5\tnot-a-phone\t\S/);
      await screenshot(page, 'campaigns-created-with-rejected-row');
      await started.getByRole('button', { name: 'Open campaign' }).click();

      await page.waitForURL((url) => /^\/campaigns\/[0-9a-f-]{36}$/.test(url.pathname));
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      const progress = page.getByRole('region', { name: 'Progress' });
      await countOf(progress, 'Recipients').filter({ hasText: /^3$/ }).waitFor();
      await countOf(progress, 'Pending').filter({ hasText: /^3$/ }).waitFor(SETTLE);
      expect(await countOf(progress, 'Sent').textContent()).toBe('0');
      expect(
        await progress.getByRole('progressbar', { name: `Progress of ${name}` }).getAttribute('aria-valuenow'),
      ).toBe('0');
      await page.getByRole('button', { name: 'Stop campaign' }).waitFor();
      await markDocument(page);
    } finally {
      await web().resumeSending();
    }

    const progress = page.getByRole('region', { name: 'Progress' });
    await countOf(progress, 'Sent').filter({ hasText: /^3$/ }).waitFor(SETTLE);
    await progress.getByText('done', { exact: true }).waitFor(SETTLE);
    await progress.getByText('Finished').waitFor();
    expect(await countOf(progress, 'Pending').textContent()).toBe('0');
    expect(await countOf(progress, 'Failed').textContent()).toBe('0');
    expect(await progress.getByRole('progressbar', { name: `Progress of ${name}` }).getAttribute('aria-valuenow')).toBe(
      '100',
    );
    expect(await page.getByRole('button', { name: 'Stop campaign' }).count()).toBe(0);
    expect(await isSameDocument(page), 'the campaign page was reloaded').toBe(true);
    // The recipients table agrees with the counts: every message went to Twilio.
    const recipients = page.getByRole('table', { name: 'Recipients' });
    await expect
      .poll(() => statusByPhone(recipients), SETTLE)
      .toEqual(Object.fromEntries(people.map((p) => [p.phone, expect.stringMatching(/^(sent|delivered)$/)])));
    await screenshot(page, 'campaigns-campaign-page');
    for (const person of people) {
      expect((await web().received(person.phone)).map((m) => m.body)).toEqual([
        `Hi ${person.name}, your table for two is ready.`,
      ]);
    }

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    const row = page.getByRole('table', { name: 'Campaigns' }).getByRole('row').filter({ hasText: name });
    await row.getByText('done', { exact: true }).waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      name,
      'SMS',
      'done',
      '100%',
      '3',
      '3',
      expect.any(String),
      '0',
      '0',
      expect.any(String),
    ]);
    await screenshot(page, 'campaigns-list');
  });

  it('stops a running campaign after asking, and holds back what was not sent', async () => {
    const { page } = tab();
    const { token } = await signIn('browser-campaign-stop');
    const phones = [newPhone(), newPhone(), newPhone(), newPhone()];
    const name = 'To be stopped';
    // The message worker holds every send, so the campaign is still running when it is stopped.
    await web().pauseSending();
    let campaignId: string;
    try {
      campaignId = await startCampaign(web(), token, {
        name,
        channel: 'sms',
        body: 'This should never arrive.',
        contacts: phones.map((phone) => ({ phone, vars: {} })),
      });
      await page.goto(`/campaigns/${campaignId}`);
      const progress = page.getByRole('region', { name: 'Progress' });
      await countOf(progress, 'Pending').filter({ hasText: /^4$/ }).waitFor(SETTLE);
      await markDocument(page);

      await page.getByRole('button', { name: 'Stop campaign' }).click();
      const confirm = page.getByRole('dialog', { name: 'Stop this campaign?' });
      await confirm.getByText('Messages not yet sent will not go out.', { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect((await campaignState(web(), token, campaignId)).status).not.toBe('stopped');

      await page.getByRole('button', { name: 'Stop campaign' }).click();
      await screenshot(page, 'campaigns-stop-confirm');
      await confirm.getByRole('button', { name: 'Stop campaign' }).click();
      await page.getByText('Stopping the campaign: messages not yet sent will not go out.').waitFor();
      await confirm.waitFor({ state: 'detached' });
      await progress.getByText('stopped', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Stop campaign' }).count()).toBe(0);
    } finally {
      await web().resumeSending();
    }

    // What was queued is held back, and the page, still open, shows it.
    const progress = page.getByRole('region', { name: 'Progress' });
    await countOf(progress, 'Held back').filter({ hasText: /^4$/ }).waitFor(SETTLE);
    await progress.getByText('Finished').waitFor();
    expect(await countOf(progress, 'Pending').textContent()).toBe('0');
    expect(await countOf(progress, 'Sent').textContent()).toBe('0');
    const recipients = page.getByRole('table', { name: 'Recipients' });
    await expect
      .poll(() => statusByPhone(recipients), SETTLE)
      .toEqual(Object.fromEntries(phones.map((phone) => [phone, 'suppressed'])));
    expect(await isSameDocument(page), 'the campaign page was reloaded').toBe(true);
    await screenshot(page, 'campaigns-stopped');
    expect(await campaignState(web(), token, campaignId)).toMatchObject({
      status: 'stopped',
      total: 4,
      pending: 0,
      sent: 0,
      suppressed: 4,
    });
    for (const phone of phones) expect(await web().received(phone)).toEqual([]);
  });
});

describe('messages', () => {
  it('lists the campaign’s messages and narrows them by phone and status, in the URL and the CSV link', async () => {
    const { page } = tab();
    const { token } = await signIn('browser-messages');
    const [ann, ben] = [newPhone(), newPhone()];
    const unreachable = '+15005553003';
    const campaignId = await startCampaign(web(), token, {
      name: 'Opening hours',
      channel: 'sms',
      body: 'Hi {{name}}, we now open at 8.',
      contacts: [
        { phone: ann, vars: { name: 'Ann' } },
        { phone: ben, vars: { name: 'Ben' } },
        { phone: unreachable, vars: { name: 'Nobody' } },
      ],
    });
    await waitForCampaign(token, campaignId, (c) => c.status === 'done' && c.delivered + c.failed === 3);

    await page.goto('/messages');
    const table = page.getByRole('table', { name: 'Messages' });
    await table.waitFor();
    const rows = bodyRows(table);
    expect(await rows.count()).toBe(3);
    const statusOf = async (phone: string) => rows.filter({ hasText: phone }).getByRole('cell').nth(4).innerText();
    expect(await statusOf(ann)).toBe('delivered');
    expect(await statusOf(ben)).toBe('delivered');
    expect(await statusOf(unreachable)).toBe('undelivered');
    await rows.filter({ hasText: ann }).getByText('Hi Ann, we now open at 8.').waitFor();
    expect(await rows.getByRole('link', { name: 'Campaign' }).count()).toBe(3);
    await screenshot(page, 'messages-all');

    const filters = page.getByRole('search', { name: 'Message filters' });
    const csvLink = page.getByRole('link', { name: 'Download CSV' });
    await filters.getByRole('textbox', { name: 'Phone', exact: true }).fill(ann);
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('phone') === ann);
    await expect.poll(() => rows.allInnerTexts(), SETTLE).toHaveLength(1);
    await rows.filter({ hasText: ann }).waitFor();
    expect(await csvLink.getAttribute('href')).toBe(`/api/messages.csv?phone=${encodeURIComponent(ann)}`);

    // The filter lives in the URL: a reload shows the same narrowed view.
    await page.reload();
    await rows.filter({ hasText: ann }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await filters.getByRole('textbox', { name: 'Phone', exact: true }).inputValue()).toBe(ann);

    // Phone and status together: Ann's message was delivered, not undelivered.
    await chooseOption(page, filters, 'Status', 'undelivered');
    await page.waitForURL(
      (url) => url.searchParams.get('status') === 'undelivered' && url.searchParams.get('phone') === ann,
    );
    await page.getByText('No message matches these filters').waitFor();
    expect(await csvLink.getAttribute('href')).toBe(
      `/api/messages.csv?phone=${encodeURIComponent(ann)}&status=undelivered`,
    );

    // Status alone: only the unreachable number.
    await filters.getByRole('textbox', { name: 'Phone', exact: true }).fill('');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'undelivered' && !url.searchParams.has('phone'));
    await rows.filter({ hasText: unreachable }).waitFor();
    expect(await rows.count()).toBe(1);
    const href = await csvLink.getAttribute('href');
    expect(href).toBe('/api/messages.csv?status=undelivered');
    await screenshot(page, 'messages-filtered');

    // The link downloads what the table shows.
    const csv = await (await tab().context.request.get(`${web().baseUrl}${href ?? ''}`)).text();
    expect(csv).toContain(unreachable);
    expect(csv).not.toContain(ann);
    expect(csv).not.toContain(ben);
  });
});

describe('simulator', () => {
  it('lists the campaign’s phones and shows the message each received', async () => {
    const { page } = tab();
    const { token } = await signIn('browser-simulator');
    const [ann, ben] = [newPhone(), newPhone()];
    const campaignId = await startCampaign(web(), token, {
      name: 'Reminder',
      channel: 'sms',
      body: 'Hi {{name}}, see you tomorrow at 10.',
      contacts: [
        { phone: ann, vars: { name: 'Ann' } },
        { phone: ben, vars: { name: 'Ben' } },
      ],
    });
    await waitForCampaign(token, campaignId, (c) => c.status === 'done' && c.delivered === 2);

    await page.goto('/simulator');
    const phones = page.getByRole('list', { name: 'Sandbox phones' });
    await phones.getByRole('button', { name: new RegExp(`^${escapeRegExp(ann)} · 1 message`) }).waitFor();
    await phones.getByRole('button', { name: new RegExp(`^${escapeRegExp(ben)} · 1 message`) }).click();
    await page.waitForURL((url) => url.searchParams.get('phone') === ben);

    const conversation = page.getByRole('region', { name: `Conversation with ${ben}` });
    const log = conversation.getByRole('log', { name: 'Messages' });
    await log.getByText('Hi Ben, see you tomorrow at 10.', { exact: true }).waitFor();
    await log.getByText('delivered', { exact: true }).waitFor();
    expect(await log.getByText('Hi Ann', { exact: false }).count()).toBe(0);
    await screenshot(page, 'simulator-conversation');

    // Replying as the phone: the reply joins the conversation and the field empties.
    const reply = conversation.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Thanks, see you then');
    await conversation.getByRole('button', { name: 'Send' }).click();
    await log.getByText('Thanks, see you then', { exact: true }).waitFor();
    await expect.poll(() => reply.inputValue()).toBe('');
  });
});
