/**
 * "Test on my phone" in Chromium against the real stack: from the journey editor, the
 * dialog asks for a phone and the journey's variable, starts a test run, and opens the
 * phone simulator on that phone, where the first message shows, the next one follows after
 * the day's wait shortened to seconds, and an answer takes its branch. The runs list and
 * the run's dashboard say it was a test.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext } from './web-stack.js';

const { web, tab } = browserSuite();

const JOURNEY_NAME = 'Order follow-up';
const node = (id: string, type: string, x: number, y: number, data: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x, y },
  data,
});
const edge = (source: string, target: string, sourceHandle: string | null = null) => ({
  id: `${source}-${sourceHandle ?? 'out'}-${target}`,
  source,
  sourceHandle,
  target,
});
/** hello -> wait a day -> ask -> wait a day for YES/NO -> thanks (any answer or none) -> end. */
const journey = {
  name: JOURNEY_NAME,
  nodes: [
    node('start', 'start', 0, 0),
    node('hello', 'message', 0, 120, { channel: 'sms', body: 'Hi {{firstName}}, your order is on its way.' }),
    node('pause', 'wait', 0, 240, { duration: 'P1D' }),
    node('ask', 'message', 0, 360, { channel: 'sms', body: 'Did it arrive? Reply YES or NO.' }),
    node('reply', 'waitForReply', 0, 480, {
      timeout: 'P1D',
      branches: [
        { id: 'yes', match: 'equals', value: 'YES' },
        { id: 'no', match: 'equals', value: 'NO' },
      ],
    }),
    node('thanks', 'message', 0, 600, { channel: 'sms', body: 'Thanks for telling us, {{firstName}}!' }),
    node('end', 'end', 0, 720),
  ],
  edges: [
    edge('start', 'hello'),
    edge('hello', 'pause'),
    edge('pause', 'ask'),
    edge('ask', 'reply'),
    edge('reply', 'thanks', 'yes'),
    edge('reply', 'thanks', 'no'),
    edge('reply', 'thanks', 'timeout'),
    edge('thanks', 'end'),
  ],
};

describe('Test on my phone', () => {
  it('sends the saved journey to the phone given in the dialog, and shows it in the simulator', async () => {
    const account = newAccount('browser-test-send');
    await registerAccount(web(), account);
    const login = await web().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await web().request('/api/journeys', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(journey),
    });
    const journeyId = ((await created.json()) as { journey: { id: string } }).journey.id;
    const phone = `+1212558${1000 + Math.floor(Math.random() * 8000)}`;

    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
    await page.goto(`/journeys/${journeyId}`);
    await page.getByRole('button', { name: 'Test on my phone' }).click();
    const dialog = page.getByRole('dialog', { name: `Test “${JOURNEY_NAME}” on your phone` });
    // Written as a person would; the API normalises it as it does an audience's phones.
    await dialog.getByLabel('Your phone').fill(`+1 ${phone.slice(2, 5)} ${phone.slice(5, 8)} ${phone.slice(8)}`);
    await dialog.getByLabel('firstName').fill('Tess');
    await screenshot(page, 'test-send-01-dialog');
    await dialog.getByRole('button', { name: 'Send test' }).click();
    await dialog.getByText(`The test has started: ${phone} gets its first message`).waitFor();
    await dialog.getByText('Each wait of the journey lasts at most 5 seconds').waitFor();
    await dialog.getByRole('link', { name: 'Open the simulator' }).click();

    await page.waitForURL((url) => url.pathname === '/simulator' && url.searchParams.get('phone') === phone);
    const chat = page.getByRole('region', { name: `Conversation with ${phone}` });
    const messages = chat.getByRole('log', { name: 'Messages' });
    await messages.getByText('Hi Tess, your order is on its way.', { exact: true }).waitFor();
    // The day's wait lasts seconds: the question follows, and the answer buttons with it.
    const answers = chat.getByRole('group', { name: `Answers for ${JOURNEY_NAME}` });
    await answers.getByRole('button', { name: 'YES', exact: true }).waitFor({ timeout: 30_000 });
    await messages.getByText('Did it arrive? Reply YES or NO.', { exact: true }).waitFor();
    await answers.getByRole('button', { name: 'YES', exact: true }).click();
    await messages.getByText('Thanks for telling us, Tess!', { exact: true }).waitFor();
    await screenshot(page, 'test-send-02-simulator');

    // The runs list and the run's dashboard say it was a test.
    await page.goto('/runs');
    const row = page.getByRole('table', { name: 'Runs' }).getByRole('row', { name: new RegExp(JOURNEY_NAME) });
    await row.getByText('Test', { exact: true }).waitFor();
    await row.getByRole('link', { name: JOURNEY_NAME }).click();
    await page.getByText('A test send: each wait lasts at most 5 seconds').waitFor();
    await screenshot(page, 'test-send-03-run');
    await expect
      .poll(async () => (await web().db.run.findMany({ where: { journeyId } })).map((run) => [run.isTest, run.status]))
      .toEqual([[true, 'done']]);
  }, 120_000);
});
