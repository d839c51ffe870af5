/**
 * Goals and analytics in Chromium against the real stack: the builder sets a journey's goal
 * (checked live, saved with it), and a run's dashboard shows its funnel on the graph and in a
 * table, the split's conversion rates with the test's verdict in words, replies per wait and
 * a chart of sends and replies, as the API counts them.
 */
import { describe, expect, it } from 'vitest';
import { offerSplitJourney } from '../../core/journey/fixtures.js';
import { pValueText } from '../../web/src/pages/runs/analytics-format.js';
import { screenshot } from './browser.js';
import { canvasNode, problemsButton, sidePanel } from './builder-steps.js';
import { browserSuite } from './suite.js';
import { newAccount, registerAccount, signInContext, type Account } from './web-stack.js';

const { web, tab } = browserSuite();

async function tokenOf(account: Account): Promise<string> {
  const res = await web().request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function api<T>(token: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const res = await web().request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as T;
}

interface TAnalytics {
  contacts: number;
  converted: number;
  nodes: Array<{ nodeId: string; sent: number; converted: number; replied: number | null }>;
  splits: Array<{ branches: Array<{ contacts: number; converted: number }>; pValue: number | null }>;
  series: Array<{ sent: number; replies: number }>;
}

describe('run analytics on the dashboard', () => {
  it('shows the funnel on the graph and in a table, the split test in words and the activity chart', async () => {
    const account = newAccount('analytics');
    await registerAccount(web(), account);
    const token = await tokenOf(account);
    const goal = { kind: 'reply', match: 'contains', value: 'buy', window: 'P7D' } as const;
    const { journey } = await api<{ journey: { id: string } }>(token, '/api/journeys', offerSplitJourney(goal, 'PT3S'));
    const exchange = 200 + Math.floor(Math.random() * 700);
    const base = 1_000 + Math.floor(Math.random() * 8_000);
    const phones = Array.from({ length: 8 }, (_, i) => `+1718${exchange}${base + i}`);
    const { runId } = await api<{ runId: string }>(token, `/api/journeys/${journey.id}/launch`, {
      contacts: phones.map((phone) => ({ phone })),
    });
    await expect
      .poll(() => web().db.contact.count({ where: { runId, state: 'waiting_reply' } }), { timeout: 30_000 })
      .toBe(8);
    // Every contact of branch a buys; branch b stays silent.
    const contacts = await web().db.contact.findMany({ where: { runId } });
    const buyers = contacts.filter((c) =>
      (c.history as Array<{ kind: string; nodeId?: string; detail?: string }>).some(
        (e) => e.kind === 'branch' && e.nodeId === 'split' && e.detail === 'a',
      ),
    );
    for (const buyer of buyers) await api(token, '/sandbox/reply', { from: buyer.phone, body: 'buy please' });
    await expect
      .poll(async () => (await web().db.run.findUniqueOrThrow({ where: { id: runId } })).status, { timeout: 30_000 })
      .toBe('done');
    await expect
      .poll(() => web().db.messageLog.count({ where: { runId, status: { not: 'delivered' } } }), { timeout: 30_000 })
      .toBe(0);
    const expected = await api<TAnalytics>(token, `/api/runs/${runId}/analytics`);
    expect(expected.converted).toBe(buyers.length);

    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
    await page.goto(`/runs/${runId}`);
    await page.getByTestId('goal-text').getByText('A reply that contains “buy”, within 1 week of the start').waitFor();
    await page.getByTestId('conversion-total').getByText(`of 8 converted`).waitFor();
    expect(await page.getByTestId('conversion-total').textContent()).toContain(`${buyers.length} of 8 converted`);

    // The graph's nodes carry their funnel.
    const byNode = Object.fromEntries(expected.nodes.map((node) => [node.nodeId, node]));
    const offerA = canvasNode(page, 'offer-a').getByTestId('funnel-offer-a');
    await offerA.waitFor();
    expect(await offerA.getAttribute('aria-label')).toBe(
      `Funnel of offer-a: ${byNode['offer-a']!.sent} sent · ${byNode['offer-a']!.sent} delivered · ${buyers.length} converted`,
    );
    expect(await canvasNode(page, 'reply').getByTestId('funnel-reply').getAttribute('aria-label')).toBe(
      `Funnel of reply: ${buyers.length} replied · ${buyers.length} converted`,
    );

    // The split's branches, their rates and the verdict in plain words.
    const split = expected.splits[0]!;
    const branches = page.getByRole('table', { name: 'Branches of split' });
    const rows = await branches.locator('tbody').getByRole('row').allInnerTexts();
    expect(
      rows.map((row) =>
        row
          .split('\t')
          .slice(0, 3)
          .map((cell) => cell.trim()),
      ),
    ).toEqual([
      ['a', String(split.branches[0]!.contacts), String(split.branches[0]!.converted)],
      ['b', String(split.branches[1]!.contacts), '0'],
    ]);
    const verdict = (await page.getByTestId('significance-split').textContent()) ?? '';
    if (split.pValue === null) expect(verdict).toMatch(/^No test yet/);
    else {
      expect(verdict).toContain(pValueText(split.pValue));
      expect(verdict).toMatch(split.pValue < 0.05 ? /^Significant at 5%/ : /^Not yet significant/);
    }

    // The table of nodes, and the chart's totals.
    const thanks = await page.getByTestId('funnel-row-thanks').innerText();
    expect(thanks.split('\t').map((cell) => cell.trim())).toEqual([
      'Message (thanks)',
      String(buyers.length),
      String(buyers.length),
      String(buyers.length),
      '0',
      '—',
      String(buyers.length),
    ]);
    const sent = expected.series.reduce((sum, p) => sum + p.sent, 0);
    const replies = expected.series.reduce((sum, p) => sum + p.replies, 0);
    expect(sent).toBe(8 + buyers.length);
    expect(await page.getByTestId('sends-replies-chart').getAttribute('aria-label')).toContain(
      `${sent} sent, ${replies} replies`,
    );
    await screenshot(page, 'run-analytics-graph');
    await page
      .getByRole('heading', { name: 'Analytics' })
      .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'run-analytics-dashboard');
    await page.getByRole('heading', { name: 'Funnel per node' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'run-analytics-funnel-table');
  });

  it('sets a goal in the builder, checked live and saved with the journey', async () => {
    const account = newAccount('goal');
    await registerAccount(web(), account);
    const token = await tokenOf(account);
    const { journey } = await api<{ journey: { id: string } }>(token, '/api/journeys', offerSplitJourney());

    await signInContext(tab().context, web().baseUrl, account);
    const { page } = tab();
    await page.goto(`/journeys/${journey.id}`);
    const panel = sidePanel(page);
    await panel.getByRole('heading', { name: 'Goal' }).waitFor();
    await problemsButton(page, 0).waitFor();

    await panel.getByLabel('Converts on').selectOption('event');
    await problemsButton(page, 1).waitFor();
    await panel.getByLabel('Event name').fill('order');
    await problemsButton(page, 0).waitFor();
    await panel.getByLabel('Event name').fill('order.paid');
    await panel.getByLabel('Within', { exact: true }).fill('3');
    await panel.getByLabel('Window unit').selectOption('days');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved', { exact: true }).waitFor();
    const saved = await api<{ journey: { goal: unknown }; problems: unknown[] }>(token, `/api/journeys/${journey.id}`);
    expect(saved.journey.goal).toEqual({ kind: 'event', event: 'order.paid', window: 'P3D' });
    expect(saved.problems).toEqual([]);

    // A reply goal with a pattern RE2 refuses is a problem on the goal, shown on its field.
    await panel.getByLabel('Converts on').selectOption('reply');
    await panel.getByLabel('Goal reply').selectOption('regex');
    await panel.getByLabel('Goal value').fill('(?=buy)');
    await problemsButton(page, 1).waitFor();
    await panel
      .getByRole('list', { name: 'Problems' })
      .getByText(/not a regular expression that replies can be matched with/)
      .waitFor();
    expect(await panel.getByLabel('Goal value').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'builder-goal');
    await panel.getByLabel('Goal value').fill('^buy');
    await problemsButton(page, 0).waitFor();
  });
});
