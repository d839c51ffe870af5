// Generates the Prisma client at install time. The Prisma CLI insists on locating a
// native schema engine even for `generate`, which needs none and which these machines
// cannot download; pointing PRISMA_SCHEMA_ENGINE_BINARY at a placeholder satisfies the
// lookup without a download (the path must exist, so this very file stands in for it).
// A user who has the real engine can set the variable themselves.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';

const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { cwd: root, env, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('prisma generate failed; see the output above.');
  process.exit(result.status ?? 1);
}
