import { decodeProtectedHeader, decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS, signSessionToken, verifySessionToken, type TSession } from './tokens.js';

const config = {
  JWT_SECRET: 'unit-test-secret-unit-test-secret-0123',
  JWT_ISSUER: 'initucastt',
  JWT_AUDIENCE: 'initucastt-api',
};
const session: TSession = {
  userId: '7a2d1f7e-3c55-4c8e-9a55-2f0f1d2b9e01',
  workspaceId: '0c1f8a44-5b9e-4f0e-8d1e-6a7b8c9d0e1f',
  role: 'member',
  email: 'ada@example.com',
};
const key = new TextEncoder().encode(config.JWT_SECRET);

/** A token with our session claims, then whatever the case under test changes (any claim, even sub/iss/aud). */
function forge(claims: Record<string, unknown> = {}, options: { secret?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: session.userId,
    wid: session.workspaceId,
    role: session.role,
    email: session.email,
    iss: config.JWT_ISSUER,
    aud: config.JWT_AUDIENCE,
    iat: now,
    exp: now + 60,
    ...claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(options.secret === undefined ? key : new TextEncoder().encode(options.secret));
}

describe('signSessionToken', () => {
  it('signs HS256 with sub, wid, role, email, our iss/aud, and exp 24 h after iat', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const token = await signSessionToken(config, session, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: session.userId,
      wid: session.workspaceId,
      role: 'member',
      email: session.email,
      iss: 'initucastt',
      aud: 'initucastt-api',
    });
    expect(claims.iat).toBe(now.getTime() / 1000);
    expect(claims.exp).toBe(now.getTime() / 1000 + SESSION_TTL_SECONDS);
    expect(SESSION_TTL_SECONDS).toBe(86_400);
  });
});

describe('verifySessionToken', () => {
  it('returns the session of a token it signed', async () => {
    expect(await verifySessionToken(config, await signSessionToken(config, session))).toEqual({ ok: true, session });
  });

  it('accepts a hand-made token with the right claims (the baseline for the refusals below)', async () => {
    expect(await verifySessionToken(config, await forge())).toEqual({ ok: true, session });
  });

  it('refuses an expired token', async () => {
    const token = await signSessionToken(config, session, new Date(Date.now() - (SESSION_TTL_SECONDS + 60) * 1000));
    expect(await verifySessionToken(config, token)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await forge({}, { secret: 'another-secret-another-secret-another' });
    expect(await verifySessionToken(config, token)).toEqual({ ok: false, reason: 'token signature invalid' });
  });

  it('refuses alg none, even with our claims', async () => {
    const [, payload] = (await forge()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await verifySessionToken(config, `${header}.${payload}.`)).toEqual({
      ok: false,
      reason: 'token algorithm not allowed',
    });
  });

  it('refuses another audience or issuer', async () => {
    expect(await verifySessionToken(config, await forge({ aud: 'someone-else' }))).toEqual({
      ok: false,
      reason: 'token claim "aud" invalid',
    });
    expect(await verifySessionToken(config, await forge({ iss: 'someone-else' }))).toEqual({
      ok: false,
      reason: 'token claim "iss" invalid',
    });
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ wid: session.workspaceId, role: 'admin', email: session.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.userId)
      .setIssuer(config.JWT_ISSUER)
      .setAudience(config.JWT_AUDIENCE)
      .sign(key);
    expect(await verifySessionToken(config, token)).toEqual({ ok: false, reason: 'token claim "exp" invalid' });
  });

  it('refuses well-signed tokens whose session claims are wrong', async () => {
    for (const claims of [{ role: 'owner' }, { wid: 'not-a-uuid' }, { sub: 'root' }, { email: 42 }]) {
      expect(await verifySessionToken(config, await forge(claims)), JSON.stringify(claims)).toEqual({
        ok: false,
        reason: 'token claims malformed',
      });
    }
  });

  it('refuses strings that are not JWTs', async () => {
    for (const token of ['', 'abc', 'a.b.c', `${'x'.repeat(50)}.${'y'.repeat(50)}.`]) {
      expect(await verifySessionToken(config, token), token).toEqual({ ok: false, reason: 'token malformed' });
    }
  });
});
