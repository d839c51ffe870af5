/**
 * A Redis of the benchmark's own (`redis-server` as a child, nothing on disk), so it can be
 * killed and started again empty on the same port without touching the machine's Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from '../../scripts/free-port.js';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  url: string;
  port: number;
  pid(): number | undefined;
  /** Kills the server (SIGKILL by default) and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a fresh, empty server on the same port; resolves when it answers PING. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let recent: string[] = [];

  const start = async () => {
    if (child) throw new Error('redis-server is already running');
    recent = [];
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      '/tmp',
      '--loglevel',
      'warning',
    ];
    const started = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      recent.push(chunk.toString());
      if (recent.length > 20) recent.shift();
    };
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    child = started;
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        if (child === started) child = undefined;
        resolve();
      }),
    );
    for (let i = 0; i < 100; i += 1) {
      if (await ping(port)) return;
      if (!child) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server on port ${port} did not answer:\n${recent.join('')}`);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    child?.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid,
    kill,
    start,
    stop: () => kill('SIGKILL'),
  };
}
