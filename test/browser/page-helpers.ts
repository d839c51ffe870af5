/**
 * Small locator helpers for the app's pages: MUI selects, table rows, campaign count tiles,
 * and telling a live update from a reload. Imports nothing from vitest.
 */
import type { Locator, Page } from 'playwright-core';

/** Picks `option` in the MUI select labelled `select` inside `scope` (its listbox opens at the page's root). */
export async function chooseOption(page: Page, scope: Page | Locator, select: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: select }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The body rows of a table (the header row left out). */
export function bodyRows(table: Locator): Locator {
  return table.locator('tbody').getByRole('row');
}

/** Each body row's first cell (a phone) mapped to its second (a status). */
export async function statusByPhone(table: Locator): Promise<Record<string, string | undefined>> {
  return Object.fromEntries(
    (await bodyRows(table).allInnerTexts()).map((row) =>
      row
        .split('\t')
        .slice(0, 2)
        .map((cell) => cell.trim()),
    ),
  );
}

/** The number a campaign's count tile shows, e.g. "Sent" -> "3". */
export function countOf(progress: Locator, label: string): Locator {
  return progress
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** Marks the page's document, so a test can tell that what it watched changed without a reload. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { sameDocument?: boolean }).sameDocument = true;
  });
}

/** Whether the page still shows the document `markDocument` marked. */
export async function isSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument === true);
}

/** `text` matched literally inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
