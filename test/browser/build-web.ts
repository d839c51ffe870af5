/**
 * The web app as the API serves it in production (`npm run build:web`), built from the
 * current sources into a temporary folder, so browser tests and the builder benchmark never
 * run against a stale web/dist. Imports nothing from vitest: the benchmark uses it too.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const VITE_CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));
const RUN_DIR_PREFIX = 'initucastt-web-';

/**
 * Builds the web app into `outDir` (emptied first) with web/vite.config.ts. Vite takes the
 * build's NODE_ENV from the process: under vitest that is "test", which would bundle React's
 * development build, so it is "production" for the build's duration, as in `npm run build:web`.
 */
export async function buildWebApp(outDir: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: VITE_CONFIG,
      mode: 'production',
      build: { outDir, emptyOutDir: true },
      logLevel: 'warn',
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Builds of earlier runs whose vitest process is gone (a run has no hook after its last file). */
async function removeAbandonedBuilds(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(RUN_DIR_PREFIX)) continue;
    const pid = Number(entry.slice(RUN_DIR_PREFIX.length).split('.')[0]);
    if (Number.isInteger(pid) && !isAlive(pid)) await rm(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

/**
 * The web app built once per test run, shared by every browser test file. Integration
 * files run one at a time, each in a process forked by the run's main vitest process, so the
 * parent's pid names the run. The build goes to a scratch folder and is renamed into place,
 * so a file never sees half a build. Returns the folder holding index.html.
 */
export async function webAppForThisRun(): Promise<string> {
  const dir = join(tmpdir(), `${RUN_DIR_PREFIX}${process.ppid}`);
  if (existsSync(join(dir, 'index.html'))) return dir;
  await removeAbandonedBuilds();
  const scratch = await mkdtemp(`${dir}.partial-`);
  try {
    await buildWebApp(scratch);
    await rename(scratch, dir);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    // Another file of this run finished its build first: theirs is as good as ours.
    if (!existsSync(join(dir, 'index.html'))) throw error;
  }
  return dir;
}
