/**
 * Builder benchmark: how long the journey builder takes to become usable with a large
 * journey, how smooth dragging a node is, and how many bytes a first visit downloads.
 *
 *   npm run bench:builder [-- --nodes 200 --loads 5 --drags 3 --steps 60 --timeout 600 --web-dist <dir>]
 *
 * Builds the web app from the current sources, starts a whole stack on loopback
 * (bench/support/stack.ts), registers a user and saves a valid `--nodes` journey through the
 * API, then in headless Chromium (no GPU): counts the bytes of a first load (empty cache)
 * of /login and of the builder page, over the wire (compressed as sent) and decoded; opens
 * /journeys/<id> `--loads` times after one warm-up and times navigation -> every node
 * rendered and the Save button there; then drags a node `--drags` times in `--steps` mouse
 * moves while the page records requestAnimationFrame timestamps. Gives up after `--timeout` seconds; always tears everything down.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, watchPage } from '../test/browser/browser.js';
import { buildWebApp } from '../test/browser/build-web.js';
import { bigJourney } from './support/big-journey.js';
import { api } from './support/bench-api.js';
import { frameFigures, loadFigures, printFigures, printTransfer, type LoadSample } from './support/builder-figures.js';
import {
  dragTargetScript,
  interactiveScript,
  nodeOffsetScript,
  START_FRAMES_SCRIPT,
  STOP_FRAMES_SCRIPT,
  type DragTarget,
} from './support/builder-page-scripts.js';
import { cleanupOnInterrupt, startBenchStack, type BenchStack } from './support/stack.js';
import { recordTransfer, type TransferFigures } from './support/transfer.js';
import { startWebFront, type WebFront } from './support/web-front.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '200' },
    loads: { type: 'string', default: '5' },
    drags: { type: 'string', default: '3' },
    steps: { type: 'string', default: '60' },
    timeout: { type: 'string', default: '600' },
    /** A web app already built (vite build's output) to measure instead of building the sources. */
    'web-dist': { type: 'string' },
  },
});
const NODES = Number(values.nodes);
const LOADS = Number(values.loads);
const DRAGS = Number(values.drags);
const STEPS = Number(values.steps);
const TIMEOUT_MS = Number(values.timeout) * 1000;
/** One page load may take this long before the builder counts as broken. */
const LOAD_TIMEOUT_MS = 60_000;
const PASSWORD = 'bench-password-1';

let webDir: string | undefined;
let logDir: string | undefined;
let stack: BenchStack | undefined;
let front: WebFront | undefined;
let browser: Browser | undefined;
let cleaned: Promise<void> | undefined;

/** Idempotent: the deadline, Ctrl-C and the normal end may all ask for it. */
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    await browser?.close().catch((error: unknown) => console.error('closing chromium:', error));
    await front?.close();
    await stack?.stop();
    if (webDir) await rm(webDir, { recursive: true, force: true });
  })();
  return cleaned;
}

async function register(base: string): Promise<{ email: string; token: string }> {
  const email = `builder-bench-${process.pid}-${Date.now()}@example.com`;
  const registered = await api<{ token: string }>(base, '/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, name: 'Bench' }),
  });
  if (registered.status !== 201)
    throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  return { email, token: registered.body.token };
}

async function signIn(context: BrowserContext, base: string, email: string): Promise<void> {
  // The context's request API shares its cookie jar: the session cookie is the pages' too.
  const login = await context.request.post(`${base}/api/auth/login`, { data: { email, password: PASSWORD } });
  if (!login.ok()) throw new Error(`login answered ${login.status()}: ${await login.text()}`);
}

async function saveJourney(base: string, token: string): Promise<string> {
  const created = await api<{ journey: { id: string } }>(base, '/api/journeys', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bigJourney(NODES)),
  });
  if (created.status !== 201)
    throw new Error(`saving the journey answered ${created.status}: ${JSON.stringify(created.body).slice(0, 500)}`);
  return created.body.journey.id;
}

/** Opens the builder in a new page and waits, frame by frame, until it is usable. */
async function loadBuilder(context: BrowserContext, journeyId: string): Promise<{ page: Page; sample: LoadSample }> {
  const page = await context.newPage();
  const problems = watchPage(page);
  const path = `/journeys/${journeyId}`;
  // From the first byte: the builder may be usable before the load event.
  await page.goto(path, { waitUntil: 'commit' });
  try {
    const ready = await page.waitForFunction(interactiveScript(NODES, `/api/journeys/${journeyId}`), undefined, {
      polling: 'raf',
      timeout: LOAD_TIMEOUT_MS,
    });
    const sample = (await ready.jsonValue()) as LoadSample;
    if (problems.pageErrors.length > 0)
      throw new Error(`uncaught errors in the builder:\n${problems.pageErrors.join('\n')}`);
    return { page, sample };
  } catch (error) {
    const seen = await page.evaluate(`document.querySelectorAll('.react-flow__node').length`).catch(() => '?');
    await screenshot(page, 'bench-builder-failed').catch(() => undefined);
    throw new Error(
      `the builder at ${path} was not interactive within ${LOAD_TIMEOUT_MS / 1000} s (${String(seen)} of ${NODES} nodes; screenshot test-output/screenshots/bench-builder-failed.png): ${String(error)}`,
      { cause: error },
    );
  }
}

/**
 * What a first visit to `path` downloads, in a new context (empty cache; signed in as
 * `email` when given): everything the page fetched by the time `ready` holds and the
 * network has been quiet for Playwright's 500 ms, so chunks loaded after the first render count.
 */
async function firstLoadBytes(
  path: string,
  ready: (page: Page) => Promise<unknown>,
  email?: string,
): Promise<TransferFigures> {
  if (!browser || !front) throw new Error('the browser or the web front did not start');
  const { context, page } = await openPage(browser, front.url);
  try {
    if (email !== undefined) await signIn(context, front.url, email);
    const recording = recordTransfer(page);
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
    return await recording.stop();
  } finally {
    await context.close();
  }
}

/** Drags one node `STEPS` mouse moves away and records the page's frame timestamps meanwhile. */
async function dragOnce(page: Page, dx: number, dy: number): Promise<number[]> {
  const target = (await page.evaluate(dragTargetScript(dx, dy))) as DragTarget | null;
  if (!target) throw new Error(`no node can be dragged by (${dx}, ${dy}) px within the visible canvas`);
  await page.mouse.move(target.x, target.y);
  await page.evaluate(START_FRAMES_SCRIPT);
  await page.mouse.down();
  for (let i = 1; i <= STEPS; i += 1) await page.mouse.move(target.x + (dx * i) / STEPS, target.y + (dy * i) / STEPS);
  await page.mouse.up();
  const frames = (await page.evaluate(STOP_FRAMES_SCRIPT)) as number[];
  const moved = (await page.evaluate(nodeOffsetScript(target.id, target.x, target.y))) as number;
  if (moved < Math.hypot(dx, dy) / 2)
    throw new Error(
      `node ${target.id} moved ${moved.toFixed(0)} px of ${Math.hypot(dx, dy).toFixed(0)}: the drag did not take`,
    );
  return frames;
}

async function main(): Promise<void> {
  console.log(`builder benchmark: ${NODES} nodes, ${LOADS} loads (+1 warm-up), ${DRAGS} drags of ${STEPS} steps`);
  let served = values['web-dist'];
  if (served === undefined) {
    webDir = await mkdtemp(join(tmpdir(), 'initucastt-bench-web-'));
    const buildStarted = Date.now();
    await buildWebApp(webDir);
    console.log(`web app built in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);
    served = webDir;
  }
  logDir = await mkdtemp(join(tmpdir(), 'initucastt-bench-builder-logs-'));
  stack = await startBenchStack(
    { RATE_LIMIT_CREDENTIAL_PER_MIN: '100000', RATE_LIMIT_ADDRESS_PER_MIN: '100000' },
    { logDir },
  );
  front = await startWebFront(stack.apiUrl, served);
  browser = await launchBrowser();
  const { context, page: first } = await openPage(browser, front.url);
  await first.close();

  const { email, token } = await register(front.url);
  await signIn(context, front.url, email);
  const journeyId = await saveJourney(front.url, token);

  const loginBytes = await firstLoadBytes('/login', (page) => page.getByRole('button', { name: 'Sign in' }).waitFor());
  const builderBytes = await firstLoadBytes(
    `/journeys/${journeyId}`,
    (page) =>
      page.waitForFunction(interactiveScript(NODES, `/api/journeys/${journeyId}`), undefined, {
        polling: 'raf',
        timeout: LOAD_TIMEOUT_MS,
      }),
    email,
  );

  const warmUp = await loadBuilder(context, journeyId);
  await warmUp.page.close();
  const samples: LoadSample[] = [];
  let last: Page | undefined;
  for (let i = 0; i < LOADS; i += 1) {
    await last?.close();
    const loaded = await loadBuilder(context, journeyId);
    samples.push(loaded.sample);
    last = loaded.page;
  }
  if (!last) throw new Error('--loads must be at least 1');
  await screenshot(last, 'bench-builder');

  const durations: number[] = [];
  for (let i = 0; i < DRAGS; i += 1) {
    // Back and forth, so the node stays where the canvas shows it.
    const sign = i % 2 === 0 ? 1 : -1;
    const frames = await dragOnce(last, 120 * sign, 80 * sign);
    durations.push(...frames.slice(1).map((t, j) => t - frames[j]!));
  }
  printFigures({
    nodes: NODES,
    warmUp: warmUp.sample,
    loads: loadFigures(samples),
    frames: frameFigures(durations),
    drags: DRAGS,
    steps: STEPS,
    chromium: browser.version(),
  });
  printTransfer('/login', loginBytes);
  printTransfer(`the builder (${NODES} nodes)`, builderBytes);
}

cleanupOnInterrupt(cleanup);
const deadline = setTimeout(() => {
  console.error(`gave up after ${TIMEOUT_MS / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, TIMEOUT_MS);

try {
  await main();
  process.exitCode = 0;
} catch (error) {
  console.error('builder benchmark failed:', error instanceof Error ? error.message : error);
  if (logDir) console.error(`the stack's logs are kept in ${logDir}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(deadline);
  if (process.exitCode === 0 && logDir) await rm(logDir, { recursive: true, force: true });
}
