/**
 * Debian's Chromium driven by playwright-core (its own browser downloads cannot work here),
 * one fresh context per test, and what went wrong inside the page collected as it happens.
 * Imports nothing from vitest: the builder benchmark uses it too.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** ENVIRONMENT.md's flags: no GPU, no sandbox (CI runs as root), nothing that phones home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const VIEWPORT = { width: 1280, height: 800 } as const;
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** How long a locator or navigation waits for its condition before the step fails. */
const STEP_TIMEOUT_MS = 15_000;

/**
 * Launches Chromium (CHROMIUM_PATH, else /usr/bin/chromium). A non-persistent launch gets a
 * fresh temporary --user-data-dir from Playwright, removed again by `browser.close()`.
 */
export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // Said plainly: Playwright's own message points at `npx playwright install`, which is not how this project gets its browser.
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: the browser tests need one (Debian/Ubuntu: apt-get install chromium), or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

/** What the page reported while a test drove it. Only `pageErrors` fails a test. */
export interface PageProblems {
  /** Exceptions no page code caught: always a bug. */
  pageErrors: string[];
  /** console.error lines, including Chromium's "Failed to load resource" for 4xx answers a test may expect. */
  consoleErrors: string[];
  /** Requests that got no answer (aborted by a navigation, refused...). */
  failedRequests: string[];
  /** Answers with a 5xx status. */
  serverErrors: string[];
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Throws, listing them, when the page had uncaught errors. */
  expectNoPageErrors(): void;
  close(): Promise<void>;
}

/** Starts collecting what goes wrong in `page`; the returned lists fill as it happens. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], failedRequests: [], serverErrors: [] };
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) =>
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 500)
      problems.serverErrors.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
  return problems;
}

/** A new context (no cookies, no storage) and page on `baseUrl`, with its problems collected. */
export async function openPage(browser: Browser, baseUrl: string): Promise<BrowserPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  return {
    context,
    page,
    problems,
    expectNoPageErrors() {
      if (problems.pageErrors.length > 0)
        throw new Error(`uncaught errors in the page:\n${problems.pageErrors.join('\n\n')}`);
    },
    close: () => context.close(),
  };
}

/** Prints what the page complained about besides uncaught errors, for a person reading the log. */
export function describeProblems(problems: PageProblems): string | undefined {
  const sections = (
    [
      ['console errors', problems.consoleErrors],
      ['failed requests', problems.failedRequests],
      ['5xx answers', problems.serverErrors],
    ] as const
  ).filter(([, lines]) => lines.length > 0);
  if (sections.length === 0) return undefined;
  return sections.map(([title, lines]) => `${title}:\n  ${lines.join('\n  ')}`).join('\n');
}

/** Saves what the page shows as test-output/screenshots/<name>.png and returns the file's path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * What every browser test does when it ends: logs what the page complained about, and
 * when the test failed, saves what the page showed as test-output/screenshots/failed-<test>.png.
 */
export async function reportTestEnd(tab: BrowserPage, test: { name: string; failed: boolean }): Promise<void> {
  const noted = describeProblems(tab.problems);
  if (noted) console.info(noted);
  if (test.failed) await screenshot(tab.page, `failed-${test.name}`).catch(() => undefined);
}
