import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from './config.js';

describe('loadConfig', () => {
  it('gives every default and sandbox mode when no Twilio account is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      MESSAGE_RATE_PER_SEC: 50,
      MESSAGE_WORKER_CONCURRENCY: 20,
      TEMPORAL_TASK_QUEUE: 'journeys',
      sandbox: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the public URL from PORT unless it is set', () => {
    expect(loadConfig({ PORT: '3300' }).PUBLIC_URL).toBe('http://localhost:3300');
    expect(loadConfig({ PORT: '3300', PUBLIC_URL: 'https://app.example.com' }).PUBLIC_URL).toBe(
      'https://app.example.com',
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', TWILIO_ACCOUNT_SID: '' }).PORT).toBe(3000);
  });

  it('names every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', MESSAGE_RATE_PER_SEC: '-1', DATABASE_URL: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems.sort()).toEqual(['DATABASE_URL', 'MESSAGE_RATE_PER_SEC', 'PORT']);
    }
  });

  it('keeps 1000 contact workflows in the worker unless TEMPORAL_MAX_CACHED_WORKFLOWS says otherwise, and refuses 1', () => {
    expect(loadConfig({}).TEMPORAL_MAX_CACHED_WORKFLOWS).toBe(1000);
    expect(loadConfig({ TEMPORAL_MAX_CACHED_WORKFLOWS: '0' }).TEMPORAL_MAX_CACHED_WORKFLOWS).toBe(0);
    expect(loadConfig({ TEMPORAL_MAX_CACHED_WORKFLOWS: '500' }).TEMPORAL_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(() => loadConfig({ TEMPORAL_MAX_CACHED_WORKFLOWS: '1' })).toThrow(
      /TEMPORAL_MAX_CACHED_WORKFLOWS: expected 0 \(no cache\) or at least 2/,
    );
  });

  it('reads the fair share weights as workspaceId=weight pairs, and refuses anything else by name', () => {
    const a = '0b8f1c1e-3a5d-4c8e-9f4e-2a4b6c8d0e1f';
    const b = '1c9e2d2f-4b6e-4d9f-8a5f-3b5c7d9e1f20';
    expect(loadConfig({}).FAIR_SHARE_WEIGHTS).toEqual({});
    expect(loadConfig({ FAIR_SHARE_WEIGHTS: ` ${a}=3, ${b} = 0.5 ,` }).FAIR_SHARE_WEIGHTS).toEqual({
      [a]: 3,
      [b]: 0.5,
    });
    for (const bad of [`${a}`, `${a}=0`, `${a}=101`, `${a}=lots`, 'acme=2']) {
      expect(() => loadConfig({ FAIR_SHARE_WEIGHTS: bad }), bad).toThrow(/FAIR_SHARE_WEIGHTS/);
    }
  });

  it('leaves sandbox mode with a real account sid', () => {
    const sid = `AC${'a'.repeat(32)}`;
    expect(sid).not.toBe(SANDBOX_ACCOUNT_SID);
    expect(loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'x' }).sandbox).toBe(false);
  });
});

describe('JWT_SECRET', () => {
  const sandboxToken = { TWILIO_AUTH_TOKEN: 't'.repeat(32) };

  it('refuses to start in production without a secret, or with a short one', () => {
    const demo = { NODE_ENV: 'production', SANDBOX: 'true', ...sandboxToken };
    expect(() => loadConfig(demo)).toThrow(/JWT_SECRET: required in production/);
    expect(() => loadConfig({ ...demo, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ ...demo, JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toBe('x'.repeat(32));
  });

  it('runs the sandbox in production only when asked for by name, and says why not otherwise', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(/TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: required in production/);
    expect(() => loadConfig({ ...production, SANDBOX: 'false' })).toThrow(/set SANDBOX=true/);
    expect(loadConfig({ ...production, SANDBOX: 'true', ...sandboxToken }).sandbox).toBe(true);
    const real = { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'secret' };
    expect(loadConfig({ ...production, ...real }).sandbox).toBe(false);
    // Outside production the sandbox is the default, as `npm start` runs it.
    expect(loadConfig({}).sandbox).toBe(true);
  });

  it("refuses the sandbox's public default token in production: its operator routes see every workspace", () => {
    const demo = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SANDBOX: 'true' };
    expect(() => loadConfig(demo)).toThrow(/TWILIO_AUTH_TOKEN: with SANDBOX=true in production, set a secret/);
    expect(() => loadConfig({ ...demo, TWILIO_AUTH_TOKEN: 'short' })).toThrow(/at least 32 characters/);
    expect(loadConfig({ ...demo, ...sandboxToken }).TWILIO_AUTH_TOKEN).toBe('t'.repeat(32));
    // Outside production the public default is fine: `npm start` and the tests use it.
    expect(loadConfig({}).TWILIO_AUTH_TOKEN).toBe(SANDBOX_AUTH_TOKEN);
  });

  it('uses a development key when unset outside production', () => {
    expect(loadConfig({}).JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
