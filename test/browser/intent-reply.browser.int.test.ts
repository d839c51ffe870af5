/**
 * A reply branched by its meaning, in Chromium against the real stack (Temporal, Postgres,
 * Redis, the sandbox behind the real twilio client) with the real `openai` client pointed
 * at a local stub that plays the model deterministically: a person launches the intent
 * journey from the launch dialog, answers it in free words in the phone simulator, sees the
 * `agrees` branch's message arrive, and finds that branch in the contact's path on the run
 * dashboard. The model is asked exactly once, with the reply as data.
 */
import { describe, expect, it } from 'vitest';
import { intentJourney } from '../../core/journey/fixtures.js';
import { intentAskOf, intentResponder, startOpenAiStub } from '../support/openai-stub.js';
import { screenshot } from './browser.js';
import { canvasNode, problemsButton } from './builder-steps.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const MODEL = 'gpt-test-mini';
const REPLY = 'sure, that works';
/** What the stub's model answers for `REPLY`: the `agrees` intent branch of the fixture. */
const CLASSIFIED_AS = 'agrees';
/** Long enough for a message to go through Temporal, the queue, the sandbox and back. */
const SETTLE = { timeout: 30_000 } as const;

let stub: Awaited<ReturnType<typeof startOpenAiStub>> | undefined;
const { web, tab } = browserSuite(
  async () => {
    // Only the reply this test sends is classified as agreeing; anything else is no intent.
    stub = await startOpenAiStub(intentResponder((ask) => (ask.reply === REPLY ? CLASSIFIED_AS : 'none')));
    return { OPENAI_API_KEY: 'sk-test-intent-key', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: MODEL };
  },
  async () => {
    await stub?.close();
  },
);

function openAi(): NonNullable<typeof stub> {
  if (!stub) throw new Error('the OpenAI stub did not start');
  return stub;
}

describe('a reply branched by its meaning', () => {
  it('launches the intent journey, answers it in the simulator and follows the agrees branch', async () => {
    const journey = intentJourney();
    const account = newAccount('browser-intent-reply');
    await registerAccount(web(), account);
    const { page, context } = tab();
    await signInContext(context, web().baseUrl, account);
    // As the web app sends it: a cookie session changes data only with its client header.
    const created = await context.request.post(`${web().baseUrl}/api/journeys`, {
      data: journey,
      headers: { 'x-requested-with': 'initucastt-web' },
    });
    expect(created.status()).toBe(201);
    const { journey: saved } = (await created.json()) as { journey: { id: string } };
    // Unique to this run: the sandbox keeps every phone's conversation.
    const phone = `+1212557${1000 + Math.floor(Math.random() * 8000)}`;

    // 1. The builder, with the model configured, has nothing against the intent branches.
    await page.goto(`/journeys/${saved.id}`);
    await canvasNode(page, 'reply').waitFor();
    await problemsButton(page, 0).waitFor();
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Launch “${journey.name}”` });
    await dialog.getByLabel('CSV file').setInputFiles({
      name: 'patients.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`phone,firstName\n${phone},Ida\n`),
    });
    await dialog.getByText('Selected: patients.csv').waitFor();
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Phone column' }).textContent()).toBe('phone');
    await dialog.getByRole('button', { name: 'Check', exact: true }).click();
    const launch = dialog.getByRole('button', { name: 'Launch 1 contact' });
    await launch.waitFor();
    await screenshot(page, 'intent-reply-01-launch');
    await launch.click();
    await page.waitForURL((url) => url.pathname.startsWith('/runs/'));
    const runId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(runId).not.toBe('');

    // 2. The phone simulator: the question arrives, and the phone answers it in its own words.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone simulator' }).click();
    await page.waitForURL((url) => url.pathname === '/simulator');
    await page
      .getByRole('list', { name: 'Sandbox phones' })
      .getByRole('button', { name: new RegExp(`^${phone.replace('+', '\\+')} · `) })
      .click();
    const chat = page.getByRole('region', { name: `Conversation with ${phone}` });
    const messages = chat.getByRole('log', { name: 'Messages' });
    await messages
      .getByText('Hi Ida, can you make your appointment on Tuesday at 10:00?', { exact: true })
      .waitFor(SETTLE);
    // The journey waits for the reply once its answers show: typing before would reply to nothing.
    await chat.getByRole('group', { name: `Answers for ${journey.name}` }).waitFor(SETTLE);
    await chat.getByLabel('Reply').fill(REPLY);
    await chat.getByRole('button', { name: 'Send' }).click();
    await messages.getByText(REPLY, { exact: true }).waitFor();

    // 3. The agrees branch's message follows.
    await messages.getByText('Great, Ida: see you on Tuesday at 10:00.', { exact: true }).waitFor(SETTLE);
    await screenshot(page, 'intent-reply-02-simulator');

    // The model was asked once, about this reply, carried as data in the user message
    // (not in the instructions), with the node's intent branches and "none" to choose from.
    expect(openAi().requests).toHaveLength(1);
    const [request] = openAi().requests;
    if (!request) throw new Error('the model was not asked');
    expect(request.body.model).toBe(MODEL);
    expect(intentAskOf(request)).toEqual({
      reply: REPLY,
      intents: [
        { id: 'agrees', intent: 'agrees to the appointment' },
        { id: 'reschedule', intent: 'asks to move the appointment to another time' },
      ],
      answers: expect.arrayContaining(['agrees', 'reschedule', 'none']) as string[],
    });
    const system = request.body.messages.find((message) => message.role === 'system');
    expect(system?.content, 'the reply inside the instructions').not.toContain(REPLY);

    // The run dashboard: the contact went through the confirmation, and its path says why.
    await page.goto(`/runs/${runId}`);
    await canvasNode(page, 'confirmed').waitFor();
    const passed = (id: string) => canvasNode(page, id).getByLabel(/ here now · \d+ passed$/);
    await expect.poll(() => passed('confirmed').getAttribute('aria-label'), SETTLE).toMatch(/ · 1 passed$/);
    for (const other of ['calling', 'rescheduling', 'unclear', 'no-answer']) {
      expect(await passed(other).getAttribute('aria-label'), `contacts through ${other}`).toBe('0 here now · 0 passed');
    }
    await page
      .getByRole('table', { name: 'Contacts' })
      .getByRole('row', { name: `Open ${phone}` })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Contact details' });
    // The drawer slides in: its Close button holds still (and is not covered) once it is open.
    await drawer.getByRole('button', { name: 'Close' }).hover({ trial: true });
    await drawer.getByRole('heading', { name: phone, level: 2 }).waitFor();
    const path = drawer.getByRole('list', { name: 'Path' }).getByRole('listitem');
    await expect
      .poll(() => path.allTextContents(), SETTLE)
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Took branch “agrees” at Wait for reply \(reply\)/)]));
    const steps = await path.allTextContents();
    const found = [
      'Reached Wait for reply (reply)',
      `Reply received“${REPLY}”`,
      'Took branch “agrees” at Wait for reply (reply)',
      'Reached Message (confirmed)',
      'Message sent at Message (confirmed)',
    ].map((step) => steps.findIndex((item) => item.startsWith(step)));
    expect(found, `path: ${steps.join(' | ')}`).not.toContain(-1);
    expect(found, 'path in order').toEqual([...found].sort((a, b) => a - b));
    await drawer.getByRole('list', { name: 'Replies' }).getByText(`“${REPLY}”`).waitFor();
    await screenshot(page, 'intent-reply-03-contact-path');
  }, 180_000);
});
