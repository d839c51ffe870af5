import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPORAL_WORKER_NODE_OPTIONS } from './temporal-worker-env.js';

interface TComposeService {
  ports?: Array<string | { published?: string | number; host_ip?: string }>;
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, TComposeService>;
  'x-app': { environment: Record<string, string> };
};

/** The host address a published port binds: compose's short form is [host_ip:]published:target. */
function hostAddressOf(port: NonNullable<TComposeService['ports']>[number]): string {
  if (typeof port !== 'string') return port.host_ip ?? '0.0.0.0';
  const parts = port.split(':');
  return parts.length === 3 ? (parts[0] as string) : '0.0.0.0';
}

describe('docker-compose.yml', () => {
  it("publishes Temporal's frontend and UI on the host's loopback only: neither has auth", () => {
    const temporalPorts = ['temporal', 'temporal-ui'].flatMap((name) => compose.services[name]?.ports ?? []);
    expect(temporalPorts.length).toBeGreaterThan(0);
    for (const port of temporalPorts) expect(hostAddressOf(port)).toBe('127.0.0.1');
  });

  it('publishes nothing else but the API, and passes the production settings the app refuses to start without', () => {
    const published = Object.entries(compose.services)
      .filter(([, service]) => (service.ports ?? []).some((port) => hostAddressOf(port) !== '127.0.0.1'))
      .map(([name]) => name);
    expect(published).toEqual(['api']);
    const env = compose['x-app'].environment;
    expect(env.NODE_ENV).toBe('production');
    for (const name of ['JWT_SECRET', 'SANDBOX', 'TWILIO_AUTH_TOKEN', 'METRICS_TOKEN'])
      expect(env).toHaveProperty(name);
  });

  it('runs the Temporal worker with the same heap limit as npm start, and the app env besides', () => {
    const worker = compose.services['temporal-worker']!;
    expect(worker.environment?.NODE_OPTIONS).toBe(TEMPORAL_WORKER_NODE_OPTIONS);
    expect(worker.environment).toMatchObject(compose['x-app'].environment);
  });
});
