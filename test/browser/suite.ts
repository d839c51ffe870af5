import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, openPage, reportTestEnd, type BrowserPage } from './browser.js';
import { startWebStack, type WebStack } from './web-stack.js';

export interface BrowserSuite {
  /** The stack the file runs against (throws before it started). */
  web(): WebStack;
  /** This test's own tab: opened before it, reported and closed after it. */
  tab(): BrowserPage;
}

/**
 * One web stack and one Chromium for a test file, and a fresh tab for each test; after each
 * test its tab is reported (a screenshot when it failed), closed, and any page error fails
 * it. `overrides` may wait for something the stack is pointed at (a stub's URL);
 * `stopAlso` stops it after the stack.
 */
export function browserSuite(
  overrides: () => Promise<Record<string, string>> | Record<string, string> = () => ({}),
  stopAlso: () => Promise<void> = async () => undefined,
): BrowserSuite {
  let stack: WebStack | undefined;
  let browser: Browser | undefined;
  let tab: BrowserPage | undefined;
  // The first browser file of a run also builds the web app: allow for it.
  beforeAll(async () => {
    stack = await startWebStack(await overrides());
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await stopAlso();
  });
  beforeEach(async () => {
    if (!stack || !browser) throw new Error('the stack or the browser did not start');
    tab = await openPage(browser, stack.baseUrl);
  });
  afterEach(async (ctx) => {
    if (!tab) return;
    await reportTestEnd(tab, { name: ctx.task.name, failed: ctx.task.result?.state === 'fail' });
    await tab.close();
    tab.expectNoPageErrors();
  });
  return {
    web() {
      if (!stack) throw new Error('the stack did not start');
      return stack;
    },
    tab() {
      if (!tab) throw new Error('no tab: called outside a test');
      return tab;
    },
  };
}
