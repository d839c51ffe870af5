/**
 * The app's processes as children of a benchmark: spawned with their own env, killable by
 * pid (SIGKILL for chaos), restartable under the same name, each run's output kept in its
 * own log file so a figure can be traced back to what a process said.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from '../../scripts/temporal-dev-server.js';

export interface ChildSpec {
  /** Entry module relative to the repository root, run with `node --import tsx`. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** A line that says the process is ready to work (matched on its output). */
  readyLine?: RegExp;
  /** Options for node itself, before the entry (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

interface Running {
  process: ChildProcess;
  exited: Promise<void>;
  ready: Promise<void>;
  log: string;
}

export class Children {
  private readonly specs = new Map<string, ChildSpec>();
  private readonly running = new Map<string, Running>();
  private readonly starts = new Map<string, number>();
  /** Every log file written so far, by child name, oldest run first. */
  readonly logs = new Map<string, string[]>();

  constructor(
    private readonly root: string,
    private readonly logDir: string | undefined,
  ) {}

  define(name: string, spec: ChildSpec): void {
    this.specs.set(name, spec);
  }

  names(): string[] {
    return [...this.running.keys()];
  }

  pid(name: string): number | undefined {
    return this.running.get(name)?.process.pid;
  }

  /** Current pid of every live child. */
  pids(): Record<string, number> {
    return Object.fromEntries([...this.running].flatMap(([name, r]) => (r.process.pid ? [[name, r.process.pid]] : [])));
  }

  /** Spawns `name` (again); resolves when its ready line appeared (or at once without one). */
  start(name: string, readyTimeoutMs = 120_000): Promise<void> {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`no child named ${name}`);
    if (this.running.has(name)) throw new Error(`${name} is already running`);
    const run = (this.starts.get(name) ?? 0) + 1;
    this.starts.set(name, run);
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), '--import', 'tsx', spec.entry], {
      cwd: this.root,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logPath = this.logDir ? join(this.logDir, `${name}.${run}.log`) : '';
    const sink: WriteStream | undefined = this.logDir ? createWriteStream(logPath) : undefined;
    if (sink) this.logs.set(name, [...(this.logs.get(name) ?? []), logPath]);
    let resolveReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      resolveReady = resolve;
    });
    if (!spec.readyLine) resolveReady();
    let pending = '';
    const onData = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
      if (sink) sink.write(chunk);
      else target.write(chunk);
      if (!spec.readyLine) return;
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (lines.some((line) => spec.readyLine!.test(line))) resolveReady();
    };
    child.stdout?.on('data', onData(process.stdout));
    child.stderr?.on('data', onData(process.stderr));
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        sink?.end();
        if (this.running.get(name)?.process === child) this.running.delete(name);
        resolve();
      });
    });
    this.running.set(name, { process: child, exited, ready, log: logPath });
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready within ${readyTimeoutMs} ms${logPath ? ` (see ${logPath})` : ''}`)),
        readyTimeoutMs,
      );
      void ready.then(() => clearTimeout(timer));
      void exited.then(() => clearTimeout(timer));
    });
    const died = exited.then(() => {
      throw new Error(`${name} exited before it was ready${logPath ? ` (see ${logPath})` : ''}`);
    });
    return Promise.race([ready, timeout, died]);
  }

  /** Sends `signal` to the child and resolves once it has exited. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    r.process.kill(signal);
    await r.exited;
  }

  /** SIGTERM (the process's own graceful shutdown), SIGKILL after `graceMs`. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    await stopChild(r.process, graceMs);
    await r.exited;
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    await Promise.all(this.names().map((name) => this.stop(name, graceMs)));
  }
}
