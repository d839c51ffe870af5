import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/contract/index.js';

/** Dynamic config of the dev server this project runs (npm start, tests, benches). */
const DEV_SERVER_CONFIG = [
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
  'history.cacheMaxSize=20000',
  'system.forceSearchAttributesCacheRefreshOnRead=false',
  // Task queue priority and fairness (core/fair-share.ts workspaceTaskPriority): without
  // them the task queue is first in, first out, and one workspace's launch holds the others'.
  'matching.useNewMatcher=true',
  'matching.enableFairness=true',
];

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Serve Temporal UI on this port; omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  namespace?: string;
  /** Where the server's own log lines go (it is chatty); defaults to discarding them. */
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
  /** Extra dynamic config, `KEY=VALUE` each (`--dynamic-config-value`). */
  dynamicConfig?: string[];
  /** Serve the server's Prometheus metrics on this port (benches read persistence and matching counts). */
  metricsPort?: number;
  /** Extra SQLite pragmas, `NAME=VALUE` each, after the WAL and synchronous ones (benches try them). */
  sqlitePragmas?: string[];
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with the project's search attributes registered and
 * resolves once its frontend answers. WAL and synchronous=OFF follow Temporal's own SDK
 * load tests: the dev server's single SQLite connection is its bottleneck under load.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const namespace = options.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off');
  for (const pragma of options.sqlitePragmas ?? []) args.push('--sqlite-pragma', pragma);
  // One machine, one task queue partition; a history cache that holds every contact of a
  // launch; search attributes fixed at start (above), so their cache is not re-read on every
  // request. Measured on bench:journey (3,000 contacts): 19.7 -> 16.6-17.1 ms of server CPU
  // per contact, and the launch's workflows all closed 10 s sooner.
  for (const value of DEV_SERVER_CONFIG) args.push('--dynamic-config-value', value);
  for (const key of CUSTOM_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${key.type === 'INT' ? 'Int' : 'Keyword'}`);
  for (const value of options.dynamicConfig ?? []) args.push('--dynamic-config-value', value);
  if (options.metricsPort) args.push('--metrics-port', String(options.metricsPort));

  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onLine);
  child.stderr?.on('data', onLine);

  const address = `127.0.0.1:${options.port}`;
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`temporal dev server exited early (code ${code}, signal ${signal}):\n${recent.join('\n')}`)),
    );
    child.once('error', reject);
  });
  exited.catch(() => undefined);
  await Promise.race([waitForFrontend(address, namespace, options.readyTimeoutMs ?? 60_000), exited]);

  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child),
  };
}

async function waitForFrontend(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
