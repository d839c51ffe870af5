/**
 * The receiving end's door, for bench:send (a) and the rate test: a process of its own in
 * front of the sandbox, as Twilio's edge is in front of its Messages service, that stamps
 * each Messages create the moment it arrives and passes it on unchanged.
 *
 * Why it exists: the sandbox stamps a message in its handler, after its own work for the
 * messages before (database writes, status callbacks, garbage collection) has held its
 * event loop, up to 60 ms on this machine. Those stalls bunch its stamps, so the sandbox's
 * one-second windows measured the sandbox as much as the sender. This process does nothing
 * else, so its stamp is the arrival. (Traced on 2026-11-26: 51 sends never left within
 * 1010 ms and never reached this door within 1000 ms, while the sandbox's own stamps put
 * 51 within 971 ms.)
 *
 * Plain node:http rather than a proxy library: it must take the time before anything else
 * and read `To` from the form, and the forwarding is a dozen lines.
 *
 * Run as `node --import tsx scripts/twilio-edge.ts` with TWILIO_EDGE_TARGET (the sandbox's
 * base URL) and TWILIO_EDGE_PORT, or through startTwilioEdgeProcess; `GET /__edge/arrivals`
 * answers what it saw.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

export interface EdgeArrival {
  /** `To` of the create request. */
  to: string;
  /** Epoch milliseconds, sub-millisecond precision. */
  at: number;
}

const ARRIVALS_PATH = '/__edge/arrivals';

export function startTwilioEdge(options: { target: URL; port: number }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const arrivals: EdgeArrival[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, retried = false) => {
    const upstream = request(
      {
        host: options.target.hostname,
        port: options.target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the sandbox closed as idle just as it was reused: the request
      // never reached it, so it is sent again once, as Node's http docs advise.
      if (!retried && upstream.reusedSocket && error.code === 'ECONNRESET') return forward(req, res, body, true);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const at = performance.timeOrigin + performance.now();
    if (req.method === 'GET' && req.url === ARRIVALS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(arrivals));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.endsWith('/Messages.json')) {
        arrivals.push({ to: new URLSearchParams(body.toString('utf8')).get('To') ?? '', at });
      }
      forward(req, res, body);
    });
  });
  return new Promise<{ close: () => void }>((resolve) => {
    server.listen(options.port, '127.0.0.1', () => resolve({ close: () => server.close() }));
  });
}

/** What the edge saw, from the bench's side. */
export async function edgeArrivals(edgeUrl: string): Promise<EdgeArrival[]> {
  const response = await fetch(`${edgeUrl}${ARRIVALS_PATH}`);
  if (!response.ok) throw new Error(`${edgeUrl}${ARRIVALS_PATH} answered ${response.status}`);
  return (await response.json()) as EdgeArrival[];
}

export const TWILIO_EDGE_ENTRY = 'scripts/twilio-edge.ts';
const READY = /twilio edge listening/;

/** Starts the door as a child process in front of `target`; resolves once it listens. */
export async function startTwilioEdgeProcess(target: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', TWILIO_EDGE_ENTRY], {
    cwd: root,
    env: { ...process.env, TWILIO_EDGE_TARGET: target, TWILIO_EDGE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => READY.test(line) && resolve());
    void exited.then(([code]) => reject(new Error(`the twilio edge exited (${String(code)}) before it listened`)));
  });
  await ready;
  return {
    url,
    arrivals: () => edgeArrivals(url),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const target = URL.parse(process.env.TWILIO_EDGE_TARGET ?? '');
  const port = Number(process.env.TWILIO_EDGE_PORT);
  if (!target || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(
      `twilio edge: TWILIO_EDGE_TARGET must be a URL and TWILIO_EDGE_PORT a port (got ${JSON.stringify(process.env.TWILIO_EDGE_TARGET)} and ${JSON.stringify(process.env.TWILIO_EDGE_PORT)})`,
    );
  }
  await startTwilioEdge({ target, port });
  console.log(`twilio edge listening on ${port}, forwarding to ${target.origin}`);
}
