/**
 * What a person does in the journey builder, as steps a browser test can call: select a
 * node, edit it in the side panel, add steps from the palette, and draw a connection by
 * dragging from an outcome handle to the next step. Everything is found by its
 * accessible name (the handles' names and titles come from NodeShell).
 */
import type { Locator, Page } from 'playwright-core';

/** The builder's side panel ("Step settings"), where the selected node is edited. */
export function sidePanel(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Step settings' });
}

/** A node of the canvas (or of the run dashboard's graph), by its id. */
export function canvasNode(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

/** The toolbar's problems button, whose name is always "N problems" / "1 problem". */
export function problemsButton(page: Page, count: number): Locator {
  return page
    .getByRole('toolbar', { name: 'Journey tools' })
    .getByRole('button', { name: `${count} ${count === 1 ? 'problem' : 'problems'}`, exact: true });
}

/** The problems a node lists on the canvas (absent when it has none). */
export function nodeProblems(page: Page, id: string): Locator {
  return page.getByRole('status', { name: `Problems of ${id}` });
}

/**
 * Selects a node from the keyboard, as React Flow offers: focus the node (the canvas pans
 * to it when it is out of view) and press Enter. A click could land on the minimap, which
 * covers the canvas's bottom-right corner. Waits for the side panel to show the node's id.
 */
export async function selectNode(page: Page, id: string): Promise<void> {
  // React Flow's focusable wrapper (role group, "node") around the node component.
  const focusable = page.getByRole('group').filter({ has: canvasNode(page, id) });
  await focusable.focus();
  await focusable.press('Enter');
  await sidePanel(page).getByText(id, { exact: true }).waitFor();
}

/** Clicks a palette button ("Add message node"): with one node selected, the new node follows it. */
export async function addFromPalette(page: Page, typeWords: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Node palette' })
    .getByRole('button', { name: `Add ${typeWords} node`, exact: true })
    .click();
}

/** Edits the selected message: its label, its channel and its text. */
export async function writeMessage(
  page: Page,
  label: string,
  body: string,
  channel: 'SMS' | 'WhatsApp' = 'SMS',
): Promise<void> {
  const panel = sidePanel(page);
  await panel.getByLabel('Label').fill(label);
  await panel.getByLabel('Channel').selectOption({ label: channel });
  await panel.getByLabel('Message body').fill(body);
}

/** Where a locator's element sits on screen once it stopped moving (auto layout animates the view). */
async function settledCentre(target: Locator): Promise<{ x: number; y: number }> {
  // A trial hover waits until the element is visible, stable and not covered, without acting.
  await target.hover({ trial: true });
  const box = await target.boundingBox();
  if (!box) throw new Error('the element has no box on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Draws a connection with the mouse, as a person does: press on the outcome handle of
 * `sourceId` named `outcome` ("YES", "after 20 seconds"), move to the input handle of
 * `targetId` and release there.
 */
export async function dragConnection(page: Page, sourceId: string, outcome: string, targetId: string): Promise<void> {
  const from = await settledCentre(
    canvasNode(page, sourceId).getByLabel(`Outcome ${outcome} of ${sourceId}`, { exact: true }),
  );
  const to = await settledCentre(
    canvasNode(page, targetId).getByTitle(`Into ${targetId}: drop a connection here`, { exact: true }),
  );
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  // Several steps: React Flow starts a connection on movement and tracks the pointer as it goes.
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}
